using Reference.Numerics;
using Reference.Vectorized;

namespace PropertyTests.Kernels;

/// <summary>
/// The vectorised kernel's log1p of a row's sum - 1, against the double-double log1p: float32 rows' table log within
/// its documented bound (and the bound reached to within 8x, so it is not a guess), float64 rows' libm path within a
/// few ULP, and the special values.
/// </summary>
public sealed class Log1pTests
{
    /// <summary>
    /// Arguments spread over 2^-60 to 2^40 log-uniformly, plus the places where each step's error is largest: just
    /// below and above 2^-7 (the series' end and the table's start) and just above each of the table's nodes
    /// 1 + j/128, where r is near its largest.
    /// </summary>
    private static IEnumerable<double> Arguments()
    {
        var random = new Random(31);
        for (int i = 0; i < 20_000; i++)
        {
            yield return Math.Pow(2, -60 + 100 * random.NextDouble());
            yield return 1.0 / 128 * (1 + 1e-3 * (random.NextDouble() - 0.5));
            double node = (1 + random.Next(0, 128) / 128.0) * Math.Pow(2, random.Next(0, 12));
            yield return node * (1 - 1.0 / 128 * random.NextDouble()) - 1;
        }
    }

    private static double RelativeError(double value, double t)
    {
        DoubleDouble truth = DoubleDouble.Log1p(t);
        return Math.Abs((value - truth).Hi / truth.Hi);
    }

    [Fact]
    public void ForSingle_is_within_its_documented_relative_error()
    {
        double worst = 0, worstAt = 0;
        foreach (double t in Arguments().Where(t => t > 0))
        {
            double error = RelativeError(Log1p.ForSingle(t), t);
            Assert.True(error <= Log1p.SingleRelativeError, $"log1p({t:R}) = {Log1p.ForSingle(t):R}: relative error {error:E3}");
            if (error > worst) (worst, worstAt) = (error, t);
        }
        Assert.True(worst >= Log1p.SingleRelativeError / 8, $"largest error {worst:E3} at {worstAt:R}: the documented bound is loose");
    }

    [Fact]
    public void Of_with_the_libm_log_is_within_a_few_ulp()
    {
        foreach (double t in Arguments().Where(t => t > 0))
        {
            double error = RelativeError(Log1p.Of(t), t);
            Assert.True(error <= 4 * Math.ScaleB(1, -53), $"log1p({t:R}) = {Log1p.Of(t):R}: relative error {error:E3}");
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(5e-324, 5e-324)]
    [InlineData(1e-300, 1e-300)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    public void Special_values(double t, double expected)
    {
        Assert.Equal(expected, Log1p.ForSingle(t));
        Assert.Equal(expected, Log1p.Of(t));
    }

    [Fact]
    public void The_largest_double_gives_its_log()
    {
        Assert.Equal(Math.Log(double.MaxValue), Log1p.ForSingle(double.MaxValue), 1e-14);
    }

    [Fact]
    public void Each_element_type_takes_its_own_path()
    {
        foreach (double t in new[] { 1e-5, 0.3, 7.0, 1e6 })
        {
            Assert.Equal(Log1p.ForSingle(t), Log1p.Of<float>(t));
            Assert.Equal(Log1p.Of(t), Log1p.Of<double>(t));
        }
    }
}
