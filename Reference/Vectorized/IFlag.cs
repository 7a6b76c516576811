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
