using System.Runtime.CompilerServices;
using Reference.Numerics;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// exp(d) in double lanes, written once for every width (and the scalar path). Two accuracies:
/// <see cref="ForSingle{TLanes, TVector}"/> is used where the result is rounded to float32 afterwards, and
/// <see cref="ForDouble{TLanes, TVector}(TVector, bool)"/> where it stays float64.
/// </summary>
/// <remarks>
/// <para>Derivation, shared by both:</para>
/// <list type="number">
/// <item><b>Range reduction by ln 2.</b> Write d = k ln2 + r with k = round(d / ln2), so |r| &lt;= ln2 / 2 (0.3466)
/// and exp(d) = 2^k exp(r). k is found without a float-to-int conversion: kd = d * log2(e) + 1.5 * 2^52 rounds the
/// product to the nearest integer (the ulp of 1.5 * 2^52 is 1) and leaves k, two's complement, in the low bits of
/// kd; kd - 1.5 * 2^52 is k as a double. The product d * log2(e) is rounded once (fused multiply-add), which can
/// move k by one when d / ln2 sits within 2^-52 of a half-integer; r is then at most ln2 / 2 + 2^-43, covered by
/// the bounds below.</item>
/// <item><b>r = d - k ln2.</b> For float32 outputs one fused multiply-add with ln2 rounded to double suffices: the
/// error is |k| |ln2 - RN(ln2)| &lt;= 1075 * 2.4e-17 = 2.6e-14 absolute, i.e. relative in exp. For float64 outputs
/// ln2 is split Cody-Waite style into RN(ln2) + RN(ln2 - RN(ln2)) and subtracted in two fused steps, which leaves
/// only the rounding of r itself (half an ulp of r).</item>
/// <item><b>Polynomial.</b> exp(r) = sum r^n / n!, the Taylor series, truncated and evaluated by Horner's rule
/// with fused multiply-adds, ending in 1 + r * q so that the leading term is exact. The truncation error after
/// degree N is below |r|^(N+1) / (N+1)! * e^|r|: degree 7 gives 0.3466^8 / 8! * 1.42 = 7.3e-9 (float32 outputs;
/// a float32 ulp is 6e-8 to 1.2e-7 relative, so the result, rounded once to float, is within 1 ULP of the
/// correctly rounded value); degree 13 gives 0.3466^14 / 14! * 1.42 = 6e-18, below a twentieth of a float64 ulp,
/// so the double result is within about 1 ULP (the Horner roundings dominate). Taylor rather than minimax: its
/// coefficients need no fitting tool to check, and minimax would save one term.</item>
/// <item><b>Scaling by 2^k.</b> 2^k is built from bits: ((k + 1023) &lt;&lt; 52) is the double 2^k for -1022 &lt;= k
/// &lt;= 1023, and k = -1023 gives the bit pattern of +0. The float32 variant clamps d to [-1023 ln2, 709] first:
/// at the bottom k = -1023, so exp(-inf) and anything below -708.4 become exactly +0 (the true value, below 2^-1022,
/// rounds to 0 in float anyway); the top keeps 2^k finite (exp(709) = 8.2e307 becomes +inf when rounded to float).
/// The float64 variant clamps d to [-746, 710] and multiplies by 2^k1 then 2^k2 (k1 = k &gt;&gt; 1, k2 = k - k1, both
/// normal): the first product is exact, so a result in the subnormal range is rounded once, and exp(d &gt; 709.78)
/// overflows to +inf in the second product; below -745.2 the result rounds to +0.</item>
/// <item><b>Hardware scaling.</b> Where the lanes have AVX-512's vscalefpd (<c>ILanes.HasScale</c>), p 2^k is one
/// instruction instead of building 2^k from bits and multiplying (and, for float64, instead of two factors): it
/// rounds once, gives +0 below the subnormals and +inf above the largest double, so float64 results are those of
/// step 4. The float32 variant's lower clamp is then -1100, where the scaled result is already +0; between -745
/// and -709 it returns the subnormal value instead of 0, which is 0 once divided by a sum of at least 1 and
/// rounded to float.</item>
/// <item><b>Table variant, float32 outputs (AVX-512).</b> Where the lanes look up a 16-entry table in one instruction
/// (<c>ILanes.HasSixteenths</c>, vpermt2pd) and scale in one (vscalefpd), the reduction is by ln2 / 16 instead:
/// adding 1.5 * 2^48 (ulp 1/16) rounds d * log2(e) to k, a multiple of 1/16, whose sixteenths j sit in the low 4
/// bits of the sum; exp(d) = 2^floor(k) * 2^(j/16) * exp(r) with r = d - k ln2, |r| &lt;= ln2 / 32 = 0.02166 (= h).
/// 2^(j/16) comes from <see cref="SixteenthsTable"/> (rounded to double: 2^-53 relative) and vscalefpd takes the
/// floor of k itself. exp(r) is 1 + r + c2 r^2 + r^3 / 6, the Taylor polynomial with c2 moved off 1/2 to spread the
/// error (no fitting tool needed): the constant stays exactly 1, so exp(0) = 1 exactly (log_softmax's sum - 1 relies
/// on the maximum's term being exactly 1). The error is r^2 (r^2 / 24 - a) to fourth order, a = c2 - 1/2; with
/// u = r^2 in [0, h^2], |u^2 / 24 - a u| is smallest when it equioscillates (at u = 12 a and u = h^2), which gives
/// a = (sqrt 2 - 1) h^2 / 12 and a maximum of (3 - 2 sqrt 2) h^4 / 24 = 1.58e-9; with the Taylor remainder
/// h^5 / 120 * e^h = 4e-11 and e^-h &gt; 0.978, the relative error is below 1.7e-9, four times smaller than the
/// degree-7 polynomial's, with 3 fused multiply-adds, a lookup and a product instead of 7.</item>
/// <item><b>Table variant, float64 outputs.</b> The same reduction by ln2 / 16 (with ln2 split in two words, as in
/// step 2), the Taylor polynomial of exp(r) - 1 to degree 7 (remainder h^8 / 8! * e^h = 1.2e-18, 2^-59.5) and the
/// table as a double-double (<see cref="SixteenthsTableLow"/>): exp(d) = 2^floor(k) (T_hi + (T_hi (exp(r) - 1) +
/// T_lo)). The bracket is below 0.023 of the result, so its roundings cost about 0.03 ulp, and the final addition
/// rounds once: within 0.6 ulp (measured 0.54) instead of the degree-13 polynomial's 1 ulp (measured 0.83), with 6
/// fused multiply-adds, a product and two lookups instead of 13 fused multiply-adds.</item>
/// <item><b>NaN.</b> The clamps use max/min with the argument second (x86 maxpd/minpd return the second operand
/// when either is NaN), so NaN reaches the polynomial and the result is NaN whatever garbage k holds.</item>
/// </list>
/// </remarks>
internal static class VectorExp
{
    /// <summary>1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer kept in the low bits.</summary>
    public const double Shifter = DoubleDouble.RoundingShifter;

    private const double Log2E = 1.4426950408889634;           // RN(1 / ln 2)
    private const double Ln2Hi = 0.6931471805599453;           // RN(ln 2)
    private const double Ln2Lo = 2.3190468138462996e-17;       // RN(ln 2 - Ln2Hi)

    /// <summary>-1023 ln 2: the float32 variant's lower clamp, where k = -1023 and 2^k's bit pattern is +0.</summary>
    private const double SingleMin = -709.0895657128241;
    private const double SingleMax = 709.0;

    /// <summary>The float32 variant's lower clamp with a hardware scale: 2^k then underflows to exactly +0 itself
    /// (k = -1587 here), so exp(-inf) and anything below -745.2 are +0 as with the bit-built power.</summary>
    private const double ScaledMin = -1100.0;
    private const double DoubleMin = -746.0;
    private const double DoubleMax = 710.0;

    /// <summary>1.5 * 2^48: adding it rounds a double of magnitude below 2^47 to a multiple of 1/16 (the table variant).</summary>
    private const double SixteenthsShifter = Shifter / 16;

    /// <summary>h = ln2 / 32, the table variant's bound on |r|, and its polynomial's coefficient of r^2 (step 6).</summary>
    private const double TableHalfStep = Ln2Hi / 32;
    private const double TableSquareCoefficient = 0.5 + 0.41421356237309503 / 12 * TableHalfStep * TableHalfStep;

    /// <summary>2^(j/16) for j = 0..15, rounded to double: the high words of the double-double exp's 2^(j/256).</summary>
    public static readonly double[] SixteenthsTable = Enumerable.Range(0, 16).Select(j => ExpTables.Powers[j * 16].Hi).ToArray();

    /// <summary>The low words of the same double-doubles: 2^(j/16) - <see cref="SixteenthsTable"/>[j] to 2^-106.</summary>
    public static readonly double[] SixteenthsTableLow = Enumerable.Range(0, 16).Select(j => ExpTables.Powers[j * 16].Lo).ToArray();

    /// <summary>Bound on the relative error of <see cref="ForSingle{TLanes, TVector}"/> on [-708, 709]: the degree-7
    /// polynomial's (step 3); the table variant's is <see cref="SingleTableRelativeError"/>.</summary>
    public const double SingleRelativeError = 7.5e-9;

    /// <summary>Bound on the relative error of the table variant (lanes with <c>ILanes.HasSixteenths</c>).</summary>
    public const double SingleTableRelativeError = 1.7e-9;

    /// <summary>exp(d) to a relative error below <see cref="SingleRelativeError"/>: for values rounded to float32 next.</summary>
    /// <param name="d">The argument.</param>
    /// <param name="nonPositive">The caller guarantees d &lt;= 0 or NaN (the forward pass's x - max): the upper clamp
    /// is skipped. A constant at every call site, so the JIT drops the branch.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector ForSingle<TLanes, TVector>(TVector d, bool nonPositive = false)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        d = TLanes.MaxNative(TLanes.Create(TLanes.HasScale ? ScaledMin : SingleMin), d);
        if (!nonPositive) d = TLanes.MinNative(TLanes.Create(SingleMax), d);
        if (TLanes.HasSixteenths && TLanes.HasScale)
        {
            (TVector sixteenths, TVector k16, TVector r16) = Reduce<TLanes, TVector>(d, SixteenthsShifter, splitLn2: false);
            TVector e = TLanes.MultiplyAdd(TLanes.Create(1.0 / 6), r16, TLanes.Create(TableSquareCoefficient));
            e = TLanes.MultiplyAdd(e, r16, TLanes.Create(1.0));
            e = TLanes.MultiplyAdd(e, r16, TLanes.Create(1.0));
            return TLanes.Scale(TLanes.Multiply(e, TLanes.Sixteenths(sixteenths)), k16);
        }
        (TVector shifted, TVector k, TVector r) = Reduce<TLanes, TVector>(d, Shifter, splitLn2: false);
        TVector p = TLanes.MultiplyAdd(TaylorFromSixth<TLanes, TVector>(TLanes.Create(1.0 / 5040), r), r, TLanes.Create(1.0));
        return TLanes.HasScale ? TLanes.Scale(p, k) : TLanes.Multiply(p, TLanes.Pow2(shifted));
    }

    /// <summary>
    /// <see cref="ForSingle{TLanes, TVector}"/> for d &lt;= 0 or NaN as two factors whose product it is, the product
    /// not taken: the polynomial, and the power of 2 (times the table's 2^(j/16)), so that a sum can take the product
    /// in its fused multiply-add. Scaling the power instead of the product changes nothing where the result is a
    /// normal double (scaling by 2^k is exact there); below, from d &lt; -708, the result is off in its low bits, still
    /// below 2^-1021 and so 0 once divided by a sum of at least 1 and rounded to float. (Its steps are written out
    /// again rather than shared with <see cref="ForSingle{TLanes, TVector}"/>: through a shared helper returning
    /// three vectors the JIT stopped inlining in the softmax passes, 3x slower.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TVector Mantissa, TVector Scale) ForSingleFactors<TLanes, TVector>(TVector d)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        d = TLanes.MaxNative(TLanes.Create(TLanes.HasScale ? ScaledMin : SingleMin), d);
        if (TLanes.HasSixteenths && TLanes.HasScale)
        {
            (TVector sixteenths, TVector k16, TVector r16) = Reduce<TLanes, TVector>(d, SixteenthsShifter, splitLn2: false);
            TVector e = TLanes.MultiplyAdd(TLanes.Create(1.0 / 6), r16, TLanes.Create(TableSquareCoefficient));
            e = TLanes.MultiplyAdd(e, r16, TLanes.Create(1.0));
            e = TLanes.MultiplyAdd(e, r16, TLanes.Create(1.0));
            return (e, TLanes.Scale(TLanes.Sixteenths(sixteenths), k16));
        }
        (TVector shifted, TVector k, TVector r) = Reduce<TLanes, TVector>(d, Shifter, splitLn2: false);
        TVector p = TLanes.MultiplyAdd(TaylorFromSixth<TLanes, TVector>(TLanes.Create(1.0 / 5040), r), r, TLanes.Create(1.0));
        return (p, TLanes.HasScale ? TLanes.Scale(TLanes.Create(1.0), k) : TLanes.Pow2(shifted));
    }

    /// <summary>exp(d) to about 1 ULP in double, subnormal results and overflow included.</summary>
    /// <param name="d">The argument.</param>
    /// <param name="nonPositive">As for <see cref="ForSingle{TLanes, TVector}"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector ForDouble<TLanes, TVector>(TVector d, bool nonPositive = false)
        where TLanes : ILanes<TVector> where TVector : struct =>
        ForDouble<TLanes, TVector>(d, TLanes.Create(0.0), nonPositive, withLow: false);

    /// <summary>
    /// exp(d + low) for a d that is itself rounded, |low| &lt;= ulp(d) / 2 (the forward pass's x - max, whose low word
    /// TwoSum gives): low is added to the reduced argument r, so exp(d + low) = 2^k exp(r + low) costs the rounding of
    /// r + low (half an ulp of r) instead of the |d| u relative error that dropping it would (up to 745 u, hundreds of
    /// output ulps, for outputs near underflow).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector ForDouble<TLanes, TVector>(TVector d, TVector low, bool nonPositive, bool withLow = true)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        d = TLanes.MaxNative(TLanes.Create(DoubleMin), d);
        if (!nonPositive) d = TLanes.MinNative(TLanes.Create(DoubleMax), d);
        // The table variant (step 7) at every width: lanes without vpermt2pd look the table up otherwise (a gather
        // with AVX2, lane by lane below that), lanes without vscalefpd scale by two powers of 2 (step 4). The
        // degree-13 polynomial it replaced, within 1 ulp (measured 0.83), left float64 softmax outputs 3 ULP off
        // once rounded again by the division (issue #20: 2 ULP at every width).
        (TVector sixteenths, TVector k16, TVector r16) = Reduce<TLanes, TVector>(d, SixteenthsShifter, splitLn2: true);
        if (withLow) r16 = TLanes.Add(r16, low);
        TVector expMinusOne = TLanes.Multiply(TaylorFromSixth<TLanes, TVector>(TLanes.Create(1.0 / 5040), r16), r16);
        TVector high = TLanes.Sixteenths(sixteenths);
        TVector small = TLanes.MultiplyAdd(high, expMinusOne, TLanes.SixteenthsLow(sixteenths));
        TVector p = TLanes.Add(high, small);
        if (TLanes.HasScale) return TLanes.Scale(p, k16);
        // floor(k16) + 1.5 * 2^52: k16 = n + j/16, so k16 - 15/32 lies within 15/32 of n and rounds to it (exactly:
        // k16 is a multiple of 1/16 below 2^11)
        TVector whole = TLanes.Add(TLanes.Subtract(k16, TLanes.Create(15.0 / 32)), TLanes.Create(Shifter));
        (TVector first, TVector second) = TLanes.Pow2Split(whole);
        return TLanes.Multiply(TLanes.Multiply(p, first), second);
    }

    /// <summary>
    /// exp(d) for float64 lanes as two terms whose exact sum is it before <see cref="ForDouble{TLanes, TVector}(TVector, bool)"/>'s
    /// last rounding: High = 2^k 2^(j/16) (the table's high word, so High is exact wherever it is a normal double) and
    /// Low = 2^k (T_hi (exp(r) - 1) + T_lo), below 0.023 High. The float64 log_softmax backward multiplies them into
    /// its sum separately (ContiguousRows.ExactOutput), so that exp's rounding, half an ulp of exp(d) times the sum,
    /// does not reach dx. The steps are ForDouble's, written out again rather than shared: through a helper returning
    /// several vectors the JIT stopped inlining in the passes (see <see cref="ForSingleFactors{TLanes, TVector}"/>).
    /// Where High is subnormal it is rounded (the result is below 2^-1022, and dx is then dy to within that).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TVector High, TVector Low) ForDoubleParts<TLanes, TVector>(TVector d)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        d = TLanes.MaxNative(TLanes.Create(DoubleMin), d);
        d = TLanes.MinNative(TLanes.Create(DoubleMax), d);
        (TVector sixteenths, TVector k16, TVector r16) = Reduce<TLanes, TVector>(d, SixteenthsShifter, splitLn2: true);
        TVector expMinusOne = TLanes.Multiply(TaylorFromSixth<TLanes, TVector>(TLanes.Create(1.0 / 5040), r16), r16);
        TVector high = TLanes.Sixteenths(sixteenths);
        TVector small = TLanes.MultiplyAdd(high, expMinusOne, TLanes.SixteenthsLow(sixteenths));
        if (TLanes.HasScale) return (TLanes.Scale(high, k16), TLanes.Scale(small, k16));
        TVector whole = TLanes.Add(TLanes.Subtract(k16, TLanes.Create(15.0 / 32)), TLanes.Create(Shifter));
        (TVector first, TVector second) = TLanes.Pow2Split(whole);
        return (TLanes.Multiply(TLanes.Multiply(high, first), second), TLanes.Multiply(TLanes.Multiply(small, first), second));
    }

    /// <summary>
    /// Steps 1-2 (or their table variant): k = d log2(e) rounded to a multiple of <paramref name="shifter"/>'s ulp
    /// (1, or 1/16 for the table), the shifted sum that holds k in its low bits, and r = d - k ln2, with ln2 in one
    /// word or, for float64 outputs, two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVector Shifted, TVector K, TVector R) Reduce<TLanes, TVector>(TVector d, double shifter, bool splitLn2)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        TVector shifted = TLanes.MultiplyAdd(d, TLanes.Create(Log2E), TLanes.Create(shifter));
        TVector k = TLanes.Subtract(shifted, TLanes.Create(shifter));
        TVector r = TLanes.MultiplyAdd(k, TLanes.Create(-Ln2Hi), d);
        if (splitLn2) r = TLanes.MultiplyAdd(k, TLanes.Create(-Ln2Lo), r);
        return (shifted, k, r);
    }

    /// <summary>Horner's rule from <paramref name="q"/>, the coefficient reached at r^6, down to the constant:
    /// q r^6 + r^5 / 720 + ... + r / 2 + 1. With q = 1/5040 it is (exp(r) - 1) / r to degree 6.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector TaylorFromSixth<TLanes, TVector>(TVector q, TVector r)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        q = TLanes.MultiplyAdd(q, r, TLanes.Create(1.0 / 720));
        q = TLanes.MultiplyAdd(q, r, TLanes.Create(1.0 / 120));
        q = TLanes.MultiplyAdd(q, r, TLanes.Create(1.0 / 24));
        q = TLanes.MultiplyAdd(q, r, TLanes.Create(1.0 / 6));
        q = TLanes.MultiplyAdd(q, r, TLanes.Create(0.5));
        return TLanes.MultiplyAdd(q, r, TLanes.Create(1.0));
    }
}
