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
}
