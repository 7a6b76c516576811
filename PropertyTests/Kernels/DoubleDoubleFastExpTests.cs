using Reference.Numerics;

namespace PropertyTests.Kernels;

/// <summary>The kernel's cheaper exponentials against the full double-double exp, over the range softmax uses.</summary>
public sealed class DoubleDoubleFastExpTests
{
    private const int Seed = 99, Samples = 20_000;

    /// <summary>ExpFast's documented bound: 2^-80 relative (its cubic and higher terms are rounded in double).</summary>
    private static readonly double FastRelative = Math.ScaleB(1, -80);

    /// <summary>
    /// DoubleExp's bound in ulps of double, against the double-double truth: 0.5 for the final rounding plus under
    /// 0.05 from its shortened polynomial (its remarks). With the Taylor coefficient 1/6 for r^3 instead of the
    /// adjusted one, the worst case measured here is 0.84.
    /// </summary>
    private const double DoubleExpUlps = 0.55;

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

    /// <summary>Arguments for the exp bounds: the whole range down to -700 (below, the truth's low word loses bits
    /// to the subnormals), and one in four within ln2/256 of 0, where the polynomial alone decides.</summary>
    private static IEnumerable<double> NonPositiveArguments(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < Samples; i++)
        {
            yield return i % 4 == 0 ? -Math.Log(2) / 256 * random.NextDouble() : -700 * random.NextDouble();
        }
    }

    [Fact]
    public void DoubleExp_is_within_its_ulp_bound()
    {
        foreach (double x in NonPositiveArguments(Seed)) AssertWithinBound(x, DoubleExp.Exp(x));
    }

    [Fact]
    public void DoubleExp_is_within_its_ulp_bound_for_positive_arguments()
    {
        foreach (double x in NonPositiveArguments(Seed + 1)) AssertWithinBound(-x, DoubleExp.Exp(-x));
    }

    /// <summary>ExpNonPositive drops the table's low word: its bound is 2 ulps (measured here: 1.02).</summary>
    [Fact]
    public void ExpNonPositive_is_within_2_ulps()
    {
        foreach (double x in NonPositiveArguments(Seed + 3)) AssertWithinBound(x, DoubleExp.ExpNonPositive(x), boundUlps: 2);
    }

    /// <summary>Below -708 (where 2^k in one step would leave the normal range) and at -inf: exp(-708), positive and
    /// tiny, as documented, never 0, inf or NaN.</summary>
    [Theory]
    [InlineData(-708.0)]
    [InlineData(-708.5)]
    [InlineData(-746.0)]
    [InlineData(-1e300)]
    [InlineData(double.NegativeInfinity)]
    public void ExpNonPositive_floors_its_argument_at_minus_708(double x)
    {
        Assert.Equal(DoubleExp.ExpNonPositive(-708.0), DoubleExp.ExpNonPositive(x));
        Assert.True(DoubleExp.ExpNonPositive(x) > 0);
    }

    private static void AssertWithinBound(double x, double actual, double boundUlps = DoubleExpUlps)
    {
        DoubleDouble exact = DoubleDouble.Exp(x);
        double ulp = Math.BitIncrement(exact.Hi) - exact.Hi;
        double error = Math.Abs((actual - exact.Hi) - exact.Lo) / ulp;
        Assert.True(error <= boundUlps, $"exp({x:R}): {actual:R} is {error:F3} ulp from {exact.Hi:R} + {exact.Lo:R}");
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
