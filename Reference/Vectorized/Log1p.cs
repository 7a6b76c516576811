using System.Runtime.CompilerServices;
using Reference.Numerics;

namespace Reference.Vectorized;

/// <summary>log(1 + t) for t &gt;= 0, accurate relative to the result also when t is far below the double epsilon.</summary>
/// <remarks>
/// log_softmax subtracts log(sum) from x - m; for the largest element that difference is -log(sum) itself, and
/// with one dominant logit sum = 1 + t with t tiny. log(RN(1 + t)) loses everything below 2^-53 of t (libtorch
/// returns exactly 0 there, in float32 already for t &lt; 6e-8). The kernels therefore carry t = sum - 1 exactly
/// (the max elements' exact 1s are counted apart) and take log1p(t) of it, once per row: float64 rows by
/// <see cref="Of(double)"/>, with the libm log, float32 rows by <see cref="ForSingle"/>, which needs far less
/// accuracy and, without a call or a division, leaves short rows more time (64 x 128 float32 log_softmax forward:
/// the libm log and its division were 10-15% of the pass).
/// </remarks>
internal static class Log1p
{
    /// <summary>log1p(t) at the accuracy the element type needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Of<TElement>(double t) where TElement : unmanaged => typeof(TElement) == typeof(float) ? ForSingle(t) : Of(t);

    /// <summary>
    /// log1p(t) for float64 rows, within 1.02 ulp (t &gt;= 1) or 0.5 ulp plus 2^-50 (t &lt; 1) of the exact value.
    /// </summary>
    /// <remarks>
    /// log_softmax's float64 output y = d - log1p(t) has |y| &gt;= log1p(t), so these become at most as many ulps of
    /// y; with the output's own rounding (ContiguousRows' LogSoftmaxLine: 0.5 ulp) and t's (0.5 u relative, at most
    /// 0.5 ulp of the log), y stays within 2.02 ulp of the exact value, which rounds to within 2 ULP of the
    /// correctly rounded one.
    /// 1. t &gt;= 1 (a sum of at least 2): 1 + t = s + e exactly (Fast2Sum), log(1 + t) = log(s) + log1p(e / s) with
    ///    |e / s| &lt;= 2^-53: log(s) + e / s. The libm log is within 0.52 ulp (glibc), the addition rounds once.
    /// 2. t &lt; 1: the double-double log1p (Reference.Numerics, about 2^-100), rounded once. Its cost (some 100 ns) is
    ///    paid once per row, and only by rows with one dominant logit (sum below 2), where Goldberg's
    ///    log(u) t / (u - 1) (three roundings and the libm log's: up to 2.5 ulp) would not keep the 2 ULP bound.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Of(double t)
    {
        if (t < 1.0) return t == 0 ? t : DoubleDouble.Log1p(new DoubleDouble(t, 0)).Hi;
        if (!(t < double.PositiveInfinity)) return Math.Log(1.0 + t); // NaN, +inf
        double s = 1.0 + t;
        double e = 1.0 - (s - t);
        return Math.Log(s) + e / s;
    }

    /// <summary>
    /// log1p(t) within 2^-43 relative (<see cref="SingleRelativeError"/>; measured 2^-44.8), for float32 rows:
    /// every output y = d - log1p(t) has |y| &gt;= log1p(t), so the error stays 2^-19 below a float32 ULP.
    /// </summary>
    /// <remarks>
    /// 1. t &lt; 2^-7: the series t - t^2/2 + ... - t^6/6, Horner with fused multiply-adds; the remainder is below
    ///    t^7 / 7 &lt; 2^-44.8 t, and the roundings, the terms shrinking by 2^-7 each, about 2^-52 t.
    /// 2. Otherwise u = RN(1 + t), off by at most 2^-53 u, which is 2^-53 absolute in log u. u = 2^k f with f in
    ///    [1, 2); its top 7 fraction bits pick j, and with i_j = RN(1 / (1 + j/128)), r = f i_j - 1 (one rounding,
    ///    |r| &lt;= 2^-7 + 2^-52) gives log u = k ln 2 - log(i_j) + log1p(r): -log(i_j) from a table (the libm log of
    ///    the rounded i_j, within an ulp), log1p(r) from the same series (remainder r^7 / 7 &lt; 2^-51.8), k ln 2 with
    ///    ln 2 rounded (2^-54 relative). Together a few 2^-53 absolute against log u &gt;= log(1 + 2^-7) &gt; 2^-7.1:
    ///    below 2^-43 relative.
    /// 3. NaN and +inf go to <see cref="Of(double)"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ForSingle(double t)
    {
        if (t < SeriesBelow) return t * Series(t);
        if (!(t < double.PositiveInfinity)) return Of(t);
        double u = 1.0 + t;
        long bits = BitConverter.DoubleToInt64Bits(u);
        long k = (bits >> 52) - 1023;
        int j = (int)(bits >> (52 - TableBits)) & (TableSize - 1);
        double f = BitConverter.Int64BitsToDouble(bits & FractionMask | OneBits);
        double r = Math.FusedMultiplyAdd(f, Inverses[j], -1.0);
        return Math.FusedMultiplyAdd(k, Ln2, MinusLogInverses[j] + r * Series(r));
    }

    /// <summary>1 - t/2 + t^2/3 - t^3/4 + t^4/5 - t^5/6: log1p(t) / t to degree 5.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Series(double t)
    {
        double p = Math.FusedMultiplyAdd(-1.0 / 6, t, 1.0 / 5);
        p = Math.FusedMultiplyAdd(p, t, -1.0 / 4);
        p = Math.FusedMultiplyAdd(p, t, 1.0 / 3);
        p = Math.FusedMultiplyAdd(p, t, -1.0 / 2);
        return Math.FusedMultiplyAdd(p, t, 1.0);
    }

    /// <summary>Bound on <see cref="ForSingle"/>'s relative error (see its remarks).</summary>
    public const double SingleRelativeError = 1.0 / (1L << 43);

    private const double SeriesBelow = 1.0 / 128;
    private const double Ln2 = 0.6931471805599453;
    private const int TableBits = 7, TableSize = 1 << TableBits;
    private const long FractionMask = (1L << 52) - 1, OneBits = 1023L << 52;

    /// <summary>i_j = RN(1 / (1 + j/128)), j = 0..127.</summary>
    private static readonly double[] Inverses = Enumerable.Range(0, TableSize).Select(j => 1.0 / (1.0 + j / (double)TableSize)).ToArray();

    /// <summary>-log(i_j) for the rounded i_j (so that f i_j - 1 needs no correction), within an ulp.</summary>
    private static readonly double[] MinusLogInverses = Inverses.Select(i => -Math.Log(i)).ToArray();
}
