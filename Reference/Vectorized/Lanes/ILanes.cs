namespace Reference.Vectorized.Lanes;

/// <summary>
/// The operations the vectorised passes need, over a register of <see cref="Count"/> double lanes. One struct per
/// width (<see cref="Lanes512"/>, <see cref="Lanes256"/>, <see cref="Lanes128"/>) and a one-lane scalar path beside
/// them (<see cref="ScalarLanes"/>), so every pass and the exp approximation are written once, generically; the JIT
/// specialises each (TLanes, TVector) pair and inlines these static members, as it does for dotnet/runtime's
/// operator structs in System.Numerics.Tensors.
/// </summary>
/// <remarks>
/// All arithmetic is in double lanes, also for float32 data: a float is widened on load and rounded once on store,
/// which is what makes the float32 results accurate to 1 ULP (see <see cref="VectorExp"/>).
/// </remarks>
/// <typeparam name="TVector">The register type: Vector512/256/128 of double, or double itself.</typeparam>
internal interface ILanes<TVector> where TVector : struct
{
    /// <summary>Lanes per register.</summary>
    static abstract int Count { get; }

    /// <summary>True when this width runs in hardware here (the driver only picks accelerated widths).</summary>
    static abstract bool IsAccelerated { get; }

    static abstract TVector Create(double value);
    static abstract TVector Load(ref double source);
    /// <summary>Loads <see cref="Count"/> floats and widens them (exactly) to double.</summary>
    static abstract TVector Load(ref float source);
    static abstract void Store(TVector value, ref double destination);
    /// <summary>Rounds each lane to float once (round to nearest even) and stores <see cref="Count"/> floats.</summary>
    static abstract void Store(TVector value, ref float destination);

    static abstract TVector Add(TVector left, TVector right);
    static abstract TVector Subtract(TVector left, TVector right);
    static abstract TVector Multiply(TVector left, TVector right);
    static abstract TVector Divide(TVector left, TVector right);
    /// <summary>left * right + addend with one rounding.</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    /// <summary>x86 maxpd semantics: left &gt; right ? left : right, so a NaN in either gives <paramref name="right"/>.</summary>
    static abstract TVector MaxNative(TVector left, TVector right);
    /// <summary>x86 minpd semantics: left &lt; right ? left : right, so a NaN in either gives <paramref name="right"/>.</summary>
    static abstract TVector MinNative(TVector left, TVector right);

    /// <summary>All-ones lanes where left == right.</summary>
    static abstract TVector EqualsMask(TVector left, TVector right);
    /// <summary>mask ? whenTrue : whenFalse, lane by lane (mask lanes all-ones or all-zeros).</summary>
    static abstract TVector Select(TVector mask, TVector whenTrue, TVector whenFalse);

    /// <summary>2^k where <paramref name="shifted"/> = k + 1.5 * 2^52 (k an integer, -1023 &lt;= k &lt;= 1024); k = -1023 gives +0.</summary>
    static abstract TVector Pow2(TVector shifted);
    /// <summary>2^k1 and 2^k2 with k1 = k &gt;&gt; 1, k2 = k - k1, for |k| &lt;= 2046, so that both factors are normal.</summary>
    static abstract (TVector First, TVector Second) Pow2Split(TVector shifted);

    /// <summary>Whether <see cref="Scale"/> is one instruction (AVX-512's vscalefpd); otherwise exp builds 2^k from bits.</summary>
    static abstract bool HasScale { get; }
    /// <summary>value * 2^floor(k), rounded once (+0 below the subnormals, +inf above the largest double).
    /// Only called when <see cref="HasScale"/>.</summary>
    static abstract TVector Scale(TVector value, TVector k);

    /// <summary>Whether <see cref="Sixteenths"/> is one instruction (AVX-512's two-table vpermt2pd): exp for float32
    /// outputs then reduces by ln2 / 16 and needs a degree-3 polynomial instead of degree 7 (see <see cref="VectorExp"/>).</summary>
    static abstract bool HasSixteenths { get; }
    /// <summary>2^(j / 16) rounded to double, where j is the low 4 bits of each lane's bit pattern
    /// (<see cref="VectorExp.SixteenthsTable"/>[j]).</summary>
    static abstract TVector Sixteenths(TVector shifted);
    /// <summary>What <see cref="Sixteenths"/> rounded off: 2^(j / 16) minus its double, the low word of the
    /// double-double (<see cref="VectorExp.SixteenthsTableLow"/>[j]; float64 outputs).</summary>
    static abstract TVector SixteenthsLow(TVector shifted);

    /// <summary>The sum of the lanes.</summary>
    static abstract double Sum(TVector value);
    /// <summary>The sum of the lanes as a double-double: halves added with TwoSum (log2(W) levels, no memory
    /// round trip), the returned high word and <paramref name="error"/> (the levels' errors, summed plainly) adding up
    /// to the exact sum to within a rounding of the errors.</summary>
    static abstract double ExactSum(TVector value, out double error);
    /// <summary>The largest lane (NaN lanes may be ignored: the passes detect NaN through the sum).</summary>
    static abstract double Max(TVector value);
    static abstract double GetElement(TVector value, int index);
    /// <summary>Builds a register from <see cref="Count"/> doubles.</summary>
    static abstract TVector FromSpan(ReadOnlySpan<double> values);
}
