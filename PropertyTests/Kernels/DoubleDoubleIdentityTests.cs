using Reference.Numerics;
using static PropertyTests.Kernels.DoubleDoubleTolerances;

namespace PropertyTests.Kernels;

/// <summary>Identities over many arguments from a fixed seed: exp(log x) = x, log1p(expm1 y) = y, (a / b) * b = a.</summary>
public sealed class DoubleDoubleIdentityTests
{
    private const int Seed = 20240611, Samples = 2000;

    [Fact]
    public void Exp_of_Log_returns_x_over_forty_decades()
    {
        var random = new Random(Seed);
        for (int i = 0; i < Samples; i++)
        {
            double x = Math.Pow(10, random.NextDouble() * 40 - 20) * (1 + random.NextDouble());
            DoubleDouble y = DoubleDouble.Log(x);
            double allowed = (1 + Math.Abs(y.Hi)) * IdentityPerUnitLog;
            DoubleDoubleKnownValueTests.AssertNear(DoubleDouble.Exp(y), x, allowed);
        }
    }

    [Fact]
    public void Log1p_of_Expm1_returns_y_near_zero()
    {
        var random = new Random(Seed);
        for (int i = 0; i < Samples; i++)
        {
            double y = (random.NextDouble() - 0.5) * Math.Pow(2, -random.Next(0, 60));
            DoubleDoubleKnownValueTests.AssertNear(DoubleDouble.Log1p(DoubleDouble.Expm1(y)), y, KnownValue);
        }
    }

    [Fact]
    public void Division_then_multiplication_returns_a()
    {
        var random = new Random(Seed);
        for (int i = 0; i < Samples; i++)
        {
            var a = DoubleDouble.Normalize(random.NextDouble() * 100, random.NextDouble() * 1e-15);
            var b = DoubleDouble.Normalize(random.NextDouble() + 0.01, random.NextDouble() * 1e-18);
            DoubleDoubleKnownValueTests.AssertNear(a / b * b, a, Arithmetic);
            DoubleDoubleKnownValueTests.AssertNear(a / b.Hi * b.Hi, a, Arithmetic);
        }
    }

    [Fact]
    public void TwoSum_and_TwoProd_are_exact()
    {
        // 0.1 * 0.1: the exact product of the double 0.1 with itself is 0.010000000000000001110223024625156695...
        double p = DoubleDouble.TwoProd(0.1, 0.1, out double e);
        Assert.Equal(0.010000000000000002, p);
        Assert.Equal(-8.326672684688674e-19, e, 0.0);
        double s = DoubleDouble.TwoSum(1.0, 1e-17, out double f);
        Assert.Equal(1.0, s);
        Assert.Equal(1e-17, f);
    }
}
