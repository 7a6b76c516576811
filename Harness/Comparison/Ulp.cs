namespace Harness.Comparison;

/// <summary>Distances in units in the last place.</summary>
public static class Ulp
{
    /// <summary>
    /// The number of representable float32 values between a and b (0 when equal, -0 and +0 equal). Both must be
    /// finite or equal infinities; the result is +inf when either is NaN and they are not both NaN.
    /// </summary>
    public static double Float32(double a, double b)
    {
        float fa = (float)a, fb = (float)b;
        if (float.IsNaN(fa) || float.IsNaN(fb)) return float.IsNaN(fa) && float.IsNaN(fb) ? 0 : double.PositiveInfinity;
        return Math.Abs(Ordered(fa) - Ordered(fb));
    }

    /// <summary>As <see cref="Float32"/>, for float64.</summary>
    public static double Float64(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : double.PositiveInfinity;
        return (double)Int128.Abs((Int128)Ordered(a) - Ordered(b));
    }

    // Maps the bit pattern to an integer that is monotone in the value: negative floats are sign-magnitude, so
    // their magnitude bits are negated; -0 and +0 both map to 0.
    private static long Ordered(float f)
    {
        int bits = BitConverter.SingleToInt32Bits(f);
        return bits < 0 ? -(long)(bits & int.MaxValue) : bits;
    }

    private static long Ordered(double d)
    {
        long bits = BitConverter.DoubleToInt64Bits(d);
        return bits < 0 ? -(bits & long.MaxValue) : bits;
    }
}
