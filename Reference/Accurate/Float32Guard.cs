using System.Runtime.CompilerServices;

namespace Reference.Accurate;

/// <summary>
/// Ziv's rounding test for the float32 paths: a value q computed in double with a proven error bound err rounds to
/// the same float as the exact value whenever q - err and q + err round to the same float. Otherwise (a float
/// tie lies within err, about once in 2^24 / (err / ulp) elements) the caller recomputes in double-double.
/// </summary>
internal static class Float32Guard
{
    /// <summary>u = 2^-53, the unit roundoff of double.</summary>
    public const double U = 1.0 / (1L << 53);

    /// <summary>
    /// Softmax: the bound of <see cref="AccurateKernel"/>'s derivation is (|d| + 6) u relative (exp 2u, sum 2u,
    /// multiplication by 1/S 2u); 16 leaves a margin of 3x.
    /// </summary>
    public const double ExpSoftmaxUlps = 16;

    /// <summary>
    /// log_softmax: the log of the sum is within about 13 u relative (sum 2u, exp 2u, Goldberg's log1p 5u plus the
    /// libm log 2u); 32 leaves a margin of more than 2x.
    /// </summary>
    public const double LogSumUlps = 32;

    private const long ExponentMask = 0x7FF0_0000_0000_0000, BelowFloatBits = (1L << 29) - 1, FloatHalf = 1L << 28;
    /// <summary>The bits of 2^-126, the smallest normal float, as a double: biased exponent 1023 - 126 = 897.</summary>
    internal const long SmallestNormalFloat = 897L << 52;

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
