using Reference.Accurate;

namespace PropertyTests.Kernels;

/// <summary>Ziv's rounding test of the accurate kernel's float32 paths, on values whose answer is known.</summary>
public sealed class Float32GuardTests
{
    [Fact]
    public void Smallest_normal_float_constant_is_two_to_the_minus_126()
    {
        Assert.Equal(Float32Guard.SmallestNormalFloat, BitConverter.DoubleToInt64Bits(Math.ScaleB(1.0, -126)));
        Assert.Equal(Float32Guard.SmallestNormalFloat, BitConverter.DoubleToInt64Bits(BitConverter.Int32BitsToSingle(1 << 23)));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    [InlineData(1e-30)]
    [InlineData(1e-40)] // a subnormal float
    public void A_value_at_a_float_tie_may_misround_and_one_on_a_float_may_not(double near)
    {
        float f = (float)near;
        double tie = ((double)f + MathF.BitIncrement(f)) / 2; // exact in double: halfway between two floats
        double err = Math.ScaleB(Math.Abs(tie), -48); // about (|d| + 16) u, the softmax bound's size
        Assert.True(Float32Guard.MayMisround(tie, err), $"{tie:R} is a tie");
        Assert.False(Float32Guard.MayMisround(f, err), $"{(double)f:R} is a float");
    }

    [Fact]
    public void A_bound_wider_than_the_distance_to_the_nearest_tie_may_misround()
    {
        double q = 1.0 + Math.ScaleB(1.0, -24) - Math.ScaleB(1.0, -40); // 2^-40 below the tie between 1 and 1 + 2^-23
        Assert.False(Float32Guard.MayMisround(q, Math.ScaleB(1.0, -45)));
        Assert.True(Float32Guard.MayMisround(q, Math.ScaleB(1.0, -38)));
    }

    /// <summary>The normal-range form agrees with the general one wherever |q| &gt;= 2^-126 (both signs, near ties and
    /// away from them, infinities).</summary>
    [Fact]
    public void The_normal_range_test_agrees_with_the_general_one_on_normal_floats()
    {
        var random = new Random(23);
        for (int i = 0; i < 100_000; i++)
        {
            double q = Math.ScaleB(1 + random.NextDouble(), random.Next(-126, 127)) * (random.Next(2) == 0 ? 1 : -1);
            if (i % 2 == 0) q = BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(q) & ~((1L << 29) - 1)) | (1L << 28)) + random.Next(-40, 40) * Math.ScaleB(Math.Abs(q), -52);
            long ulps = random.Next(1, 64);
            Assert.Equal(Float32Guard.MayMisround(q, ulps), Float32Guard.MayMisroundNormal(q, ulps));
        }
        Assert.False(Float32Guard.MayMisroundNormal(double.NegativeInfinity, 40));
        Assert.False(Float32Guard.MayMisroundNormal(double.PositiveInfinity, 40));
    }

    /// <summary>The integer form: q exactly k double ulps from a float tie is undecided with a bound of k ulps and
    /// decided with k - 1, on either side of the tie, for either sign, in several binades.</summary>
    [Theory]
    [InlineData(1.0, 5)]
    [InlineData(0.3, 16)]
    [InlineData(-7.25, 35)]
    [InlineData(1e-30, 60)]
    public void The_ulp_bound_is_compared_with_the_distance_to_the_tie(double near, long k)
    {
        float f = (float)near;
        double tie = ((double)f + MathF.BitIncrement(f)) / 2;
        double above = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(tie) + k);
        double below = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(tie) - k);
        foreach (double q in new[] { above, below })
        {
            Assert.True(Float32Guard.MayMisround(q, k), $"{q:R} is {k} ulps from a tie");
            Assert.False(Float32Guard.MayMisround(q, k - 1), $"{q:R} is {k} ulps from a tie");
        }
    }

    /// <summary>Below the normal floats the integer test does not apply (the float spacing is fixed there); the
    /// direct test takes over: a subnormal float tie is undecided, 0 and -inf are decided.</summary>
    [Fact]
    public void The_ulp_form_handles_subnormal_floats_zero_and_infinity()
    {
        float f = 3 * float.Epsilon;
        double tie = ((double)f + MathF.BitIncrement(f)) / 2;
        Assert.True(Float32Guard.MayMisround(tie, 16L));
        Assert.True(Float32Guard.MayMisround(-tie, 16L));
        Assert.False(Float32Guard.MayMisround((double)f, 16L));
        Assert.False(Float32Guard.MayMisround(0.0, 16L));
        Assert.False(Float32Guard.MayMisround(double.NegativeInfinity, 35L));
    }

    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(0.75, 1)]
    [InlineData(0.3, 2)]
    [InlineData(1e-5, 17)]
    [InlineData(2.2250738585072014e-308, 1022)] // the smallest normal double
    [InlineData(0.0, 1023)]
    public void NegatedExponent_reads_minus_j_off_the_bits(double v, long expected)
    {
        Assert.Equal(expected, Float32Guard.NegatedExponent(v));
    }

    /// <summary>MinusDBound(exp(d)) bounds |d| from above, by at most about 1.7 (ln 2 per binade, plus the 1 for
    /// the rounding of e), over the whole range of d.</summary>
    [Fact]
    public void MinusDBound_of_exp_d_bounds_minus_d_closely()
    {
        var random = new Random(17);
        for (int i = 0; i < 10_000; i++)
        {
            double d = -700 * Math.Pow(random.NextDouble(), 3);
            long bound = Float32Guard.MinusDBound(Math.Exp(d));
            Assert.True(-d <= bound && bound <= -d + 1.7, $"d = {d:R}: bound {bound}");
        }
        Assert.Equal(1, Float32Guard.MinusDBound(1.0));
    }

    /// <summary>
    /// The row-wide softmax bound covers every element whose output may be nonzero: an output q &gt;= 2^-151 has
    /// e = q S &gt;= 2^-151, so |d| &lt;= 151 ln 2; the row bound is at least each such element's own bound (and not
    /// more than 2 above the largest of them).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(128)]
    [InlineData(50_257)]
    public void SoftmaxRowUlps_covers_every_element_whose_output_may_be_nonzero(int n)
    {
        long rowBound = Float32Guard.SoftmaxRowUlps(n), elementBase = Float32Guard.SoftmaxUlps + Float32Guard.LnBound(n);
        long largest = 0;
        for (double d = 0; d >= -151 * Math.Log(2); d -= 0.01)
        {
            long element = elementBase + Float32Guard.MinusDBound(Math.Exp(d));
            Assert.True(element <= rowBound, $"d = {d:R}: element bound {element}, row bound {rowBound}");
            largest = Math.Max(largest, element);
        }
        long atTheEdge = elementBase + Float32Guard.MinusDBound(Math.ScaleB(1, -151));
        Assert.True(atTheEdge <= rowBound && rowBound <= Math.Max(largest, atTheEdge) + 2, $"row bound {rowBound}, largest element bound {largest}");
    }

    /// <summary>LnBound(n) bounds ln n from above, by at most ln 2 + 1, for n from 1 to 2^31 - 1.</summary>
    [Fact]
    public void LnBound_bounds_ln_n_closely()
    {
        int[] lengths = [1, 2, 3, 7, 8, 100, 128, 1000, 4096, 50_257, 1 << 20, int.MaxValue];
        foreach (int n in lengths)
        {
            long bound = Float32Guard.LnBound(n);
            Assert.True(Math.Log(n) <= bound && bound <= Math.Log(n) + Math.Log(2) + 1, $"n = {n}: bound {bound}");
        }
    }
}
