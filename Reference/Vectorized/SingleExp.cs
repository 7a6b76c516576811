using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Reference.Numerics;

namespace Reference.Vectorized;

/// <summary>
/// exp in 16 float32 lanes for float32 softmax rows (AVX-512), as a pair of floats whose sum is the value to within
/// 3e-9 relative: what <see cref="ContiguousRows"/>'s float32 softmax forward uses for rows whose maximum lies in
/// <see cref="Takes"/>'s range, instead of widening every element to double lanes.
/// </summary>
/// <remarks>
/// <para>Why it can work in float lanes: softmax(x) = exp(x_i) / sum exp(x_j), and every term may carry any common
/// factor. So the terms are E_i = 2^c exp(x_i), not exp(x_i - max), with the integer c = 32 - round(max log2 e)
/// chosen per row to put the largest near 2^32: x_i - max, which float arithmetic cannot form exactly (the double
/// path widens for it), is never formed. Range reduction on x itself is exact in float when |x| is bounded, which the
/// row range guarantees (below).</para>
/// <list type="number">
/// <item><b>Clamp.</b> x' = max(max - 104, x): exp(-104) = 6.8e-46 is below half the smallest float32 subnormal
/// (7.0e-46), so an element that far below the maximum has the output 0 whichever value at or below max - 104 it
/// takes, and -inf becomes finite. NaN passes (the clamp's argument is second, as x86 maxps wants).</item>
/// <item><b>Reduction by ln2 / 32.</b> k = d log2 e rounded to a multiple of 1/32 by adding 1.5 * 2^18 (ulp 1/32) in
/// one fused multiply-add (log2 e rounded to float moves k by at most 244 * 2^-25); its 32nds j sit in the low 5 bits
/// of the sum. r = x' - k ln2 in two fused steps with ln2 split in two floats: the first is exact up to its one
/// rounding of a result below 0.011 + 1e-5 (half an ulp: 2^-31), the second rounds once more; the split's own error,
/// 2^-50 k with |k| &lt;= 244, is 2^-42. So |r| &lt;= h + 1e-5 with h = ln2 / 64 = 0.01083, and r is known to 1e-9
/// absolute.</item>
/// <item><b>Polynomial.</b> exp(r) = 1 + t(r) with t = r (1 + c2 r + r^2 / 6), c2 = 1/2 + (sqrt 2 - 1) h^2 / 12 (the
/// same equioscillation as <see cref="VectorExp"/>'s table variant, step 6): error (3 - 2 sqrt 2) h^4 / 24 =
/// 1.0e-10. Its roundings in float: the bracket's (2^-24 of 1.006, times r: 6.5e-10), t's (half an ulp of 0.011:
/// 4.7e-10).</item>
/// <item><b>Table.</b> 2^(j/32) as a float T_j and the ratio tau_j = (2^(j/32) - T_j) / T_j (below 2^-24, as a
/// float: 2^-48 off), two 32-entry tables of two registers each, one vpermt2ps per lookup. tau joins the polynomial's
/// last step (t + tau in one fused multiply-add), so exp(x') = 2^floor(k) T_j (1 + t + tau) to first order (the
/// product t tau, below 2^-30, is 2^-54 relative).</item>
/// <item><b>Result.</b> E_hi = 2^c T_j 2^floor(k) (vscalefps: exact, a normal float for every x' above the clamp's
/// 2^(32 - 150 - 1)), E_lo = E_hi (t + tau), one rounding (2^-24 of 0.011: 6.5e-10). The largest term is below
/// 2^33 (2^44.1 where the callers' c comes from an estimate of the maximum up to 8 below it), the clamp's at least
/// 2^-119, so no term overflows or loses bits to the subnormals.</item>
/// </list>
/// <para>Total, relative: 1e-10 (polynomial) + 9.4e-10 (r) + 6.5e-10 + 4.7e-10 + 6.5e-10 = 2.9e-9, against the
/// 2^-25 = 3e-8 that an output rounded once to float32 may carry and stay within 1 ULP
/// (<see cref="ContiguousRows"/>'s float lane softmax adds its sum's and output's errors to this).</para>
/// <para>Row range: the maximum in [-65, 109]. Then c = 32 - round(max log2 e) lies in [-125, 126], so 2^c T_j is a
/// normal float (the row's table is scaled once), and |x'| &lt;= 169, so |k| &lt;= 244 and the reduction's bounds above
/// hold. Rows outside it (and rows with an infinite or NaN maximum) take the double lanes.</para>
/// </remarks>
internal static class SingleExp
{
    public const double LowestMax = -65.0, HighestMax = 109.0;

    /// <summary>log2 of the largest term's size: c puts exp(max) at 2^Target (within a factor sqrt 2).</summary>
    public const int Target = 32;

    /// <summary>How far below the maximum the clamp sits (step 1).</summary>
    public const float ClampDepth = 104f;

    /// <summary>1.5 * 2^18: adding it rounds a float of magnitude below 2^17 to a multiple of 1/32.</summary>
    private const float Shifter = 393216f;

    private const float Log2E = 1.44269504f;
    private static readonly float Ln2Hi = (float)Math.Log(2);
    private static readonly float Ln2Lo = (float)(0.6931471805599453 - (double)(float)0.6931471805599453 + 2.3190468138462996e-17);

    /// <summary>h = ln2 / 64 and the polynomial's coefficient of r^2 (step 3).</summary>
    private const double HalfStep = 0.6931471805599453 / 64;
    private static readonly float SquareCoefficient = (float)(0.5 + 0.41421356237309503 / 12 * HalfStep * HalfStep);

    /// <summary>2^(j/32) rounded to float, and (2^(j/32) - that) / that, for j = 0..31 (from the double-double
    /// table of 2^(i/256)).</summary>
    public static readonly float[] Powers = Enumerable.Range(0, 32).Select(j => (float)ExpTables.Powers[j * 8].Hi).ToArray();

    public static readonly float[] Ratios = Enumerable.Range(0, 32).Select(j =>
        (float)((ExpTables.Powers[j * 8].Hi - Powers[j] + ExpTables.Powers[j * 8].Lo) / Powers[j])).ToArray();

    private static readonly Vector512<float> RatiosFirst = Vector512.Create(Ratios.AsSpan(0, 16));
    private static readonly Vector512<float> RatiosSecond = Vector512.Create(Ratios.AsSpan(16, 16));
    private static readonly Vector512<float> PowersFirst = Vector512.Create(Powers.AsSpan(0, 16));
    private static readonly Vector512<float> PowersSecond = Vector512.Create(Powers.AsSpan(16, 16));

    /// <summary>Whether float32 rows run in float lanes here: AVX-512 (vpermt2ps, vscalefps).</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>Whether a row with this maximum takes the float lanes (see the remarks).</summary>
    public static bool Takes(double max) => max >= LowestMax && max <= HighestMax;

    /// <summary>The row's scale exponent c (the terms are 2^c exp(x)).</summary>
    public static int ScaleOf(double max) => Target - (int)Math.Round(max * 1.4426950408889634);

    /// <summary>One row's constants: the clamp, and the table 2^c T_j in two registers.</summary>
    public readonly struct Row
    {
        public readonly Vector512<float> Lower, First, Second;
        public readonly int Scale;

        public Row(double max)
        {
            Scale = ScaleOf(max);
            Lower = Vector512.Create((float)max - ClampDepth);
            Vector512<float> c = Vector512.Create((float)Scale);
            First = Avx512F.Scale(PowersFirst, c);
            Second = Avx512F.Scale(PowersSecond, c);
        }
    }

    /// <summary>2^c exp(x) for 16 lanes, as E_hi + E_lo (see the remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<float> High, Vector512<float> Low) Of(in Row row, Vector512<float> x)
    {
        Vector512<float> clamped = Vector512.MaxNative(row.Lower, x);
        Vector512<float> shifted = Vector512.FusedMultiplyAdd(clamped, Vector512.Create(Log2E), Vector512.Create(Shifter));
        Vector512<float> k = shifted - Vector512.Create(Shifter);
        Vector512<float> r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Hi), clamped);
        r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Lo), r);
        Vector512<float> q = Vector512.FusedMultiplyAdd(Vector512.Create(1f / 6), r, Vector512.Create(SquareCoefficient));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1f));
        Vector512<int> j = shifted.AsInt32();
        Vector512<float> t = Vector512.FusedMultiplyAdd(q, r, Avx512F.PermuteVar16x32x2(RatiosFirst, j, RatiosSecond));
        Vector512<float> high = Avx512F.Scale(Avx512F.PermuteVar16x32x2(row.First, j, row.Second), k);
        return (high, high * t);
    }
}
