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
}
