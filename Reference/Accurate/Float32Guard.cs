using System.Numerics;
using System.Runtime.CompilerServices;

namespace Reference.Accurate;

/// <summary>
/// Ziv's rounding test for the float32 paths: a value q computed in double with a proven error bound err rounds to
/// the same float as the exact value whenever q - err and q + err round to the same float. Otherwise (a float
/// tie lies within err, about once in 2^24 / (err / ulp) elements) the caller recomputes in double-double.
/// </summary>
internal static class Float32Guard
{
    /// <summary>
    /// Softmax, in double ulps of q: the derivation in <see cref="AccurateKernel"/> gives |d| + ln C + 8.4; the
    /// caller adds <see cref="MinusDBound"/> and <see cref="LnBound"/>, and this constant covers the rest with 4.6
    /// to spare.
    /// </summary>
    public const long SoftmaxUlps = 13;

    /// <summary>
    /// log_softmax, in double ulps of q: the derivation in <see cref="AccurateKernel"/> gives 19.9 + ln C; the
    /// caller adds <see cref="LnBound"/>, and this constant covers the rest with 4.1 to spare.
    /// </summary>
    public const long LogSoftmaxUlps = 24;

    /// <summary>
    /// Softmax's bound for a whole row of C elements, in double ulps: <see cref="SoftmaxUlps"/> + ln C + the largest
    /// |d| an output not certainly 0 can have. An output q &gt;= 2^-151 has e = q S &gt;= 2^-151 (S &gt;= 1), so |d| is
    /// below 151 ln 2 (<see cref="MinusDBound"/> of 2^-151: 105); below 2^-151, q and the exact output, within
    /// 708 u of each other, both lie below half the smallest float and round to 0, which any bound decides.
    /// </summary>
    public static long SoftmaxRowUlps(int n) => SoftmaxUlps + LnBound(n) + MinusDBound(Math.ScaleB(1, -151));

    /// <summary>ln 2 times 2^16, rounded up: integer multiples of ln 2, rounded up, by a multiply and a shift.</summary>
    private const long Ln2Fixed = 45_427;

    /// <summary>An upper bound on ln n for n &gt;= 1: (floor(log2 n) + 1) ln 2, rounded up to an integer.</summary>
    public static long LnBound(int n) => ((BitOperations.Log2((uint)n) + 1L) * Ln2Fixed >> 16) + 1;

    /// <summary>
    /// An upper bound on |d| for e = exp(d), d &lt;= 0, computed within a few ulps: -j ln 2 for e in [2^j, 2^(j+1))
    /// (<see cref="NegatedExponent"/>), rounded up, plus 1 for the rounding of e.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MinusDBound(double e) => (NegatedExponent(e) * Ln2Fixed >> 16) + 1;

    /// <summary>2^-52: a double ulp of q is at most q times this.</summary>
    private const double Epsilon = 1.0 / (1L << 52);

    /// <summary>
    /// -j for a positive double in [2^j, 2^(j+1)) with j &lt;= 0 (1023 - j's biased exponent; at least 1023 for
    /// subnormals and 0): for v = exp(d) with d &lt;= 0, an upper bound on |d| (|d| &lt;= -j ln 2 up to rounding).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long NegatedExponent(double v) => 1023 - (BitConverter.DoubleToInt64Bits(v) >> 52);

    /// <summary>
    /// True when values within <paramref name="ulps"/> double ulps of q could round to different floats:
    /// as <see cref="MayMisround(double, double)"/>, with the bound in ulps, so that the test is integer
    /// arithmetic on q's bits (|low29 - 2^28| &lt;= ulps, as one unsigned comparison).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayMisround(double q, long ulps)
    {
        long bits = BitConverter.DoubleToInt64Bits(q);
        // |q| below 2^-126, compared without the sign bit (shifted out: one instruction, where a mask takes two)
        if ((ulong)bits << 1 < (ulong)SmallestNormalFloat << 1) return MayMisround(q, ulps * Math.Abs(q) * Epsilon);
        return (ulong)((bits & BelowFloatBits) - FloatHalf + ulps) <= (ulong)(2 * ulps);
    }

    /// <summary>
    /// <see cref="MayMisround(double, long)"/> for a q the caller knows to be in float's normal range (|q| &gt;= 2^-126,
    /// or infinite): the integer test alone, without the branch for subnormals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayMisroundNormal(double q, long ulps) =>
        (ulong)((BitConverter.DoubleToInt64Bits(q) & BelowFloatBits) - FloatHalf + ulps) <= (ulong)(2 * ulps);

    private const long ExponentMask = 0x7FF0_0000_0000_0000, BelowFloatBits = (1L << 29) - 1, FloatHalf = 1L << 28;
    /// <summary>The bits of 2^-126, the smallest normal float, as a double: biased exponent 1023 - 126 = 897.</summary>
    internal const long SmallestNormalFloat = 897L << 52;

    /// <summary>2^-126, the smallest normal float, as a double value (the bits of <see cref="SmallestNormalFloat"/>).</summary>
    internal const double SmallestNormalFloatValue = 1.1754943508222875e-38;

    /// <summary>
    /// True when values within <paramref name="err"/> of q (absolute) could round to different floats.
    /// </summary>
    /// <remarks>
    /// 1. For q in the normal float range, a double has 29 bits below a float's last bit; the float tie nearest q
    ///    is where those 29 bits read 2^28, so q is |low29 - 2^28| double ulps from it.
    /// 2. err in double ulps is err * 2^(52 - e) for q in [2^e, 2^(e+1)); 2^(52 - e) is built from q's exponent
    ///    bits (biased: 2098 - E), so the test is a mask, a multiply and a compare. One ulp is added for the
    ///    rounding of q itself.
    /// 3. Below the normal floats (and at 0) the spacing changes; there the direct test, rounding q - err and
    ///    q + err to float, decides.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayMisround(double q, double err)
    {
        long bits = BitConverter.DoubleToInt64Bits(q) & long.MaxValue;
        if (bits < SmallestNormalFloat) return (float)(q - err) != (float)(q + err);
        double inverseUlp = BitConverter.Int64BitsToDouble((2098L << 52) - (bits & ExponentMask));
        return Math.Abs((bits & BelowFloatBits) - FloatHalf) <= err * inverseUlp + 1;
    }
}
