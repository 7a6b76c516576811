using System.Runtime.CompilerServices;

namespace Harness.Comparison;

/// <summary>Distances in units in the last place.</summary>
public static class Ulp
{
    /// <summary>
    /// The number of representable float32 values between a and b (0 when equal, -0 and +0 equal). Both must be
    /// finite or equal infinities; the result is +inf when either is NaN and they are not both NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Float32(double a, double b)
    {
        float fa = (float)a, fb = (float)b;
        if (float.IsNaN(fa) || float.IsNaN(fb)) return float.IsNaN(fa) && float.IsNaN(fb) ? 0 : double.PositiveInfinity;
        return Math.Abs(Ordered(fa) - Ordered(fb));
    }

    /// <summary>As <see cref="Float32"/>, for float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Float64(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : double.PositiveInfinity;
        // Both ordered values lie in [-(2^63 - 1), 2^63 - 1], so the distance is below 2^64: the wrapping difference
        // read as unsigned is exact (no 128-bit arithmetic on the comparer's hot path), rounded once to double.
        long oa = Ordered(a), ob = Ordered(b);
        return oa >= ob ? unchecked((ulong)(oa - ob)) : unchecked((ulong)(ob - oa));
    }

    // Maps the bit pattern to an integer that is monotone in the value: negative floats are sign-magnitude, so
    // their magnitude bits are negated; -0 and +0 both map to 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Ordered(float f)
    {
        int bits = BitConverter.SingleToInt32Bits(f);
        return bits < 0 ? -(long)(bits & int.MaxValue) : bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Ordered(double d)
    {
        long bits = BitConverter.DoubleToInt64Bits(d);
        return bits < 0 ? -(bits & long.MaxValue) : bits;
    }
}
