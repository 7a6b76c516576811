using Reference.Numerics;

namespace PropertyTests.Kernels;

/// <summary>The kernel's cheaper exponentials against the full double-double exp, over the range softmax uses.</summary>
public sealed class DoubleDoubleFastExpTests
{
    private const int Seed = 99, Samples = 20_000;

    /// <summary>ExpFast's documented bound: 2^-80 relative (its cubic and higher terms are rounded in double).</summary>
    private static readonly double FastRelative = Math.ScaleB(1, -80);

    /// <summary>DoubleExp's documented bound: 1 ulp of double.</summary>
    private const double DoubleExpUlps = 1;

    [Fact]
    public void ExpFast_is_within_2_to_the_minus_80()
    {
        var random = new Random(Seed);
        for (int i = 0; i < Samples; i++)
        {
            // Down to -650: below about -660 the low word of exp(x) is subnormal and no double-double keeps 2^-80.
            var x = DoubleDouble.Normalize(-650 * random.NextDouble(), 1e-14 * (random.NextDouble() - 0.5));
            DoubleDoubleKnownValueTests.AssertNear(DoubleDouble.ExpFast(x), DoubleDouble.Exp(x), FastRelative);
        }
    }

    [Fact]
    public void DoubleExp_is_within_one_ulp()
    {
        var random = new Random(Seed);
        for (int i = 0; i < Samples; i++)
        {
            double x = -700 * random.NextDouble();
            double exact = DoubleDouble.Exp(x).Hi, fast = DoubleExp.Exp(x);
            Assert.True(Math.Abs(fast - exact) <= DoubleExpUlps * Math.BitIncrement(exact) - DoubleExpUlps * exact, $"exp({x:R}): {fast:R} vs {exact:R}");
        }
    }

    [Fact]
    public void DoubleExp_is_within_one_ulp_for_positive_arguments()
    {
        var random = new Random(Seed + 1);
        for (int i = 0; i < Samples; i++)
        {
            double x = 709 * random.NextDouble();
            double exact = DoubleDouble.Exp(x).Hi, fast = DoubleExp.Exp(x);
            Assert.True(Math.Abs(fast - exact) <= Math.BitIncrement(exact) - exact, $"exp({x:R}): {fast:R} vs {exact:R}");
        }
    }

    /// <summary>Results below the smallest normal double (x from -708.4 to -745.1) are rounded once: within one
    /// subnormal spacing of Math.Exp's, and never 0 where the true value is at least that spacing.</summary>
    [Fact]
    public void DoubleExp_rounds_subnormal_results_once()
    {
        var random = new Random(Seed + 2);
        double spacing = double.Epsilon;
        for (int i = 0; i < Samples; i++)
        {
            double x = -708.4 - 36.7 * random.NextDouble();
            double fast = DoubleExp.Exp(x), libm = Math.Exp(x);
            Assert.True(Math.Abs(fast - libm) <= spacing, $"exp({x:R}): {fast:R} vs Math.Exp {libm:R}");
        }
    }

    [Theory]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(-746.0, 0.0)]
    [InlineData(-1e300, 0.0)]
    [InlineData(709.8, double.PositiveInfinity)]
    [InlineData(1e300, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    [InlineData(0.0, 1.0)]
    public void DoubleExp_handles_the_extremes(double x, double expected)
    {
        Assert.Equal(expected, DoubleExp.Exp(x));
    }

    [Fact]
    public void Widen_gives_the_double_equal_to_the_float()
    {
        float[] values = [0f, -0f, 1.5f, -3.25e-42f, float.MaxValue, float.MinValue, float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, float.NaN];
        foreach (float value in values)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(Widen.ToDouble(value)));
        }
    }
}
