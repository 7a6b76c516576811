namespace Reference.Vectorized;

/// <summary>A compile-time boolean for generic passes: the JIT folds <see cref="Value"/> in each specialisation.</summary>
internal interface IFlag
{
    static abstract bool Value { get; }
}

/// <summary>The flag set.</summary>
internal readonly struct Yes : IFlag
{
    public static bool Value => true;
}

/// <summary>The flag clear.</summary>
internal readonly struct No : IFlag
{
    public static bool Value => false;
}

/// <summary>What a forward exp-and-sum pass does with each term besides adding it (see ContiguousRows.ExpSum).</summary>
internal interface ITermMode
{
    /// <summary>Store the term, unrounded, in the scratch row (softmax's output pass divides it).</summary>
    static abstract bool KeepTerms { get; }

    /// <summary>Count the exact 1s of the maxima apart from the sum, so that sum - 1 is exact (log_softmax).</summary>
    static abstract bool SplitOnes { get; }

    /// <summary>Store x - max, unrounded, in the scratch row (float32 log_softmax's output pass subtracts log(sum) from it).</summary>
    static abstract bool KeepDifferences { get; }
}

/// <summary>Softmax: terms kept.</summary>
internal readonly struct SoftmaxTerms : ITermMode
{
    public static bool KeepTerms => true;
    public static bool SplitOnes => false;
    public static bool KeepDifferences => false;
}

/// <summary>log_softmax, float32 first try: the plain sum.</summary>
internal readonly struct PlainSum : ITermMode
{
    public static bool KeepTerms => false;
    public static bool SplitOnes => false;
    public static bool KeepDifferences => true;
}

/// <summary>log_softmax with the maxima's 1s apart.</summary>
internal readonly struct OnesApart : ITermMode
{
    public static bool KeepTerms => false;
    public static bool SplitOnes => true;
    public static bool KeepDifferences => false;
}
