using Reference.Numerics;

namespace PropertyTests.Kernels;

/// <summary>Rounding a double-double once: subnormal results, ties, round-to-odd for a later float cast, and the ends of exp's range.</summary>
public sealed class DoubleDoubleRoundingTests
{
    private static readonly double Tiny = double.Epsilon; // 2^-1074, one subnormal step

    [Theory]
    [InlineData(1.5, 0.0, -1075, 1)] // 0.75 steps -> 1
    [InlineData(1.0, 0.0, -1075, 0)] // 0.5 steps: tie -> even 0
    [InlineData(1.0, 8.673617379884035e-19, -1075, 1)] // 0.5 + 2^-61 steps: just past the tie -> 1
    [InlineData(3.0, 0.0, -1075, 2)] // 1.5 steps: tie -> even 2
    [InlineData(3.0, -2.7755575615628914e-17, -1075, 1)] // 1.5 - 2^-56 steps: below the tie -> 1
    [InlineData(1.25, 0.0, -1076, 0)] // 0.3125 steps -> 0
    public void ScaleToDouble_rounds_subnormal_results_once(double hi, double lo, int k, int steps)
    {
        Assert.Equal(steps * Tiny, DoubleDouble.ScaleToDouble(new DoubleDouble(hi, lo), k));
    }

    /// <summary>exp(-740) = 85.0...-ish steps of 2^-1074 (decimal: 85 after rounding; 4.2e-322).</summary>
    [Fact]
    public void Exp_of_minus_740_is_the_correctly_rounded_subnormal()
    {
        Assert.Equal(85 * Tiny, DoubleDouble.Exp(-740.0).Hi);
        Assert.Equal(1 * Tiny, DoubleDouble.Exp(-745.0).Hi);
        Assert.Equal(0.0, DoubleDouble.Exp(-746.0).Hi);
    }

    [Fact]
    public void Exp_saturates_and_propagates_specials()
    {
        Assert.Equal(double.PositiveInfinity, DoubleDouble.Exp(710.0).Hi);
        Assert.Equal(0.0, DoubleDouble.Exp(double.NegativeInfinity).Hi);
        Assert.Equal(double.PositiveInfinity, DoubleDouble.Exp(double.PositiveInfinity).Hi);
        Assert.True(double.IsNaN(DoubleDouble.Exp(double.NaN).Hi));
        Assert.True(double.IsNaN(DoubleDouble.Log(-1.0).Hi));
        Assert.Equal(double.NegativeInfinity, DoubleDouble.Log(0.0).Hi);
        Assert.Equal(double.NegativeInfinity, DoubleDouble.Log1p(-1.0).Hi);
    }

    /// <summary>1 + 2^-24 is half-way between the floats 1 and 1 + 2^-23; the low word decides, which (float)Hi ignores.</summary>
    [Theory]
    [InlineData(8.271806125530277e-25, 1.0000001192092896)] // + 2^-80: up
    [InlineData(-8.271806125530277e-25, 1.0)] // - 2^-80: down
    [InlineData(0.0, 1.0)] // exact tie: to even
    public void ToSingle_breaks_float_ties_with_the_low_word(double lo, double expected)
    {
        var value = new DoubleDouble(1 + Math.ScaleB(1, -24), lo);
        Assert.Equal((float)expected, value.ToSingle());
    }
}
