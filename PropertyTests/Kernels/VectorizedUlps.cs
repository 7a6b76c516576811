namespace PropertyTests.Kernels;

/// <summary>
/// ULP distances computed in integers. (Harness.Comparison.Ulp.Float64 subtracts the ordered bit patterns after
/// converting them to double, which rounds distances near 1.0 to multiples of 512; reported to its owner.)
/// </summary>
internal static class VectorizedUlps
{
    /// <summary>Representable doubles between a and b (0 when equal, -0 equals +0); +inf when exactly one is NaN.</summary>
    public static double Float64(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : double.PositiveInfinity;
        long oa = Ordered(a), ob = Ordered(b);
        return (double)(oa > ob ? (ulong)(oa - ob) : (ulong)(ob - oa));
    }

    /// <summary>As <see cref="Float64"/>, after rounding both to float32.</summary>
    public static double Float32(double a, double b)
    {
        float fa = (float)a, fb = (float)b;
        if (float.IsNaN(fa) || float.IsNaN(fb)) return float.IsNaN(fa) && float.IsNaN(fb) ? 0 : double.PositiveInfinity;
        int ia = BitConverter.SingleToInt32Bits(fa), ib = BitConverter.SingleToInt32Bits(fb);
        long oa = ia < 0 ? -(long)(ia & int.MaxValue) : ia, ob = ib < 0 ? -(long)(ib & int.MaxValue) : ib;
        return Math.Abs(oa - ob);
    }

    private static long Ordered(double d)
    {
        long bits = BitConverter.DoubleToInt64Bits(d);
        return bits < 0 ? -(bits & long.MaxValue) : bits;
    }
}
