using Harness.Cases;
using Harness.Comparison;
using Harness.Engine;
using Reference;

namespace PropertyTests.Engine;

/// <summary>
/// The parity rule's allowance (<see cref="ParityRule"/>): a subject may be one rounding step of the dtype further
/// from the truth than torch, because which side of a grid point each result rounds to is luck; and not more.
/// </summary>
public sealed class ParityRuleTests
{
    private static readonly double U32 = Math.ScaleB(1, -23); // the float32 spacing in [1, 2)
    private static readonly double U64 = Math.ScaleB(1, -52);

    /// <summary>The truth 1 + 0.6u: torch rounds correctly to 1 + u (0.4u off), a faithfully rounded subject gives 1
    /// (0.6u off). Both are as good as float32 allows; without the allowance the subject would lose on luck.</summary>
    [Fact]
    public void A_faithfully_rounded_subject_passes_beside_a_correctly_rounded_torch_only_thanks_to_the_allowance()
    {
        double truth = 1 + 0.6 * U32, torch = 1 + U32, subject = 1;
        Assert.True(Math.Abs(subject - truth) > Math.Abs(torch - truth));
        Assert.True(ParityRule.NoFurtherThanTorch(DType.Float32, subject, torch, truth));
    }

    /// <summary>Double rounding: a subject that computes in double and rounds once lands on the wrong side of a float
    /// midpoint when its double result is off by less than a double ulp; torch rounded the other way.</summary>
    [Fact]
    public void Double_rounding_across_a_midpoint_is_within_the_allowance()
    {
        double truth = 1 + 0.5 * U32 + U64;     // just above the midpoint: correctly rounded is 1 + u
        double subjectInDouble = 1 + 0.5 * U32;  // one double ulp low, exactly on the midpoint: ties to even, 1
        float subject = (float)subjectInDouble;
        Assert.Equal(1f, subject);
        Assert.True(ParityRule.NoFurtherThanTorch(DType.Float32, subject, 1 + U32, truth));
    }

    [Theory]
    [InlineData(2.01)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_subject_more_than_one_step_further_than_torch_fails(double steps)
    {
        double truth = 1 + 0.25 * U64, torch = 1;
        Assert.False(ParityRule.NoFurtherThanTorch(DType.Float64, 1 + steps * U64, torch, truth));
        Assert.False(ParityRule.NoFurtherThanTorch(DType.Float32, 1 + steps * U32, torch, 1 + 0.25 * U32));
    }

    [Fact]
    public void Special_values_never_qualify()
    {
        Assert.False(ParityRule.NoFurtherThanTorch(DType.Float64, double.NaN, double.NaN, 0.5));
        Assert.False(ParityRule.NoFurtherThanTorch(DType.Float64, 0.5, double.PositiveInfinity, 0.5));
    }

    /// <summary>The issue's example: float32 log_softmax of [31, 0]. The truth of the second element is
    /// -3.4425e-14 (log1p(e^-31) = e^-31 less a second-order term); torch gives 0. A kernel computing in double and
    /// rounding once gives -3.4417e-14: thousands of ULP from the truth, but far nearer to it than torch.
    /// strict fails it, parity passes it.</summary>
    [Fact]
    public void The_issues_log_softmax_of_31_0_passes_under_parity_and_fails_under_strict()
    {
        var c = new Case(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float32, [2], 0, [31, 0], null);
        double logSum = 31 + Math.Log(1 + Math.Exp(-31));                  // what the kernel computes in double
        double[] actual = [(float)(31 - logSum), (float)(0 - logSum)];
        double[] truth = [-Math.Exp(-31) + Math.Exp(-62) / 2, -31 - Math.Exp(-31) + Math.Exp(-62) / 2];
        double[] torch = [0, -31];
        Tolerance strict = Tolerance.Ulps(3);
        Assert.False(CrossCheck.AgainstTruth(c, torch, actual, strict, truth).Passed);
        Assert.True(CrossCheck.AgainstTruth(c, torch, actual, strict with { NoWorseThanTorch = true }, truth).Passed);
    }

    /// <summary>A float64 element with float32-level error (exp evaluated in float) is further from the truth than
    /// torch by far: parity gives it no excuse.</summary>
    [Fact]
    public void Float32_level_error_in_float64_is_not_excused()
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [2], 0, [0, -3], null);
        double e = Math.Exp(-3), y0 = 1 / (1 + e), y1 = e / (1 + e);
        double[] truth = [y0, y1];
        double[] actual = [y0, (double)MathF.Exp(-3) / (1 + MathF.Exp(-3))];
        Tolerance parity = Tolerance.Model(42) with { NoWorseThanTorch = true };
        Assert.False(CrossCheck.AgainstTruth(c, truth, actual, parity, truth).Passed);
    }
}
