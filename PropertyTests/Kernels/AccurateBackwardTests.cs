using Harness.Cases;
using Harness.Oracles;
using Harness.Subjects;
using Reference;
using Reference.Accurate;
using Xunit.Abstractions;

namespace PropertyTests.Kernels;

/// <summary>
/// Backward accuracy, end to end from x (each side's own forward output feeds its backward, as autograd does):
/// the kernel's largest absolute error against the exact derivative is no larger than libtorch's, per regime.
/// </summary>
public sealed class AccurateBackwardTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(AccurateForwardTests.Grid), MemberType = typeof(AccurateForwardTests))]
    public void Backward_error_is_no_larger_than_libtorch(string regime, SoftmaxOp op, DType dtype)
    {
        Case c = AccurateRegimes.Build(regime, op, Pass.Backward, dtype);
        double[] truth = new ExactOracle().Evaluate(c);
        double accurate = MaxAbsError(new KernelSubject(new AccurateKernel()).Evaluate(c), truth, out int worst);
        double torch = MaxAbsError(new TorchOracle().Evaluate(c), truth, out _);
        output.WriteLine($"seed {AccurateRegimes.Seed} {c}: max abs error accurate {accurate:E3}, torch {torch:E3}");
        double slack = FinalRoundingSlackUlps * UlpAt(dtype, truth[worst]);
        Assert.True(accurate <= torch + slack,
            $"{c}: accurate {accurate:E3} at index {worst} (truth {truth[worst]:R}) > torch {torch:E3} + {slack:E3}");
    }

    /// <summary>
    /// Where both sides sit at the floor set by rounding y and dx to the dtype (near ties: every dx is a sum of
    /// terms of similar size), which maximum is larger is rounding luck: measured 1.338e-7 (accurate) against
    /// 1.235e-7 (torch) on one draw, 1.183e-7 each on another, with half an ulp of dx at 1.19e-7. So the kernel may
    /// exceed libtorch by half an ulp of the truth at its worst element, no more.
    /// </summary>
    private const double FinalRoundingSlackUlps = 0.5;

    private static double UlpAt(DType dtype, double value) =>
        !double.IsFinite(value) ? 0
        : dtype == DType.Float32 ? MathF.BitIncrement(MathF.Abs((float)value)) - MathF.Abs((float)value)
        : Math.BitIncrement(Math.Abs(value)) - Math.Abs(value);

    /// <summary>
    /// With one dominant logit, y_max rounds to (nearly) 1 and libtorch's dy_max - sum_j y_j dy_j loses
    /// dy_max (1 - y_max); the kernel recovers it from sum_j y_j (see Softmax.Backward.cs). Measured error ratios
    /// (accurate / torch): 2e-8 (float32) and 2e-9 (float64); a kernel that loses it as torch does scores about 1.
    /// </summary>
    private const double DominantBackwardRatio = 0.25;

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Softmax_backward_keeps_one_minus_y_max_when_a_logit_dominates(DType dtype)
    {
        Case c = AccurateRegimes.Build("dominant", SoftmaxOp.Softmax, Pass.Backward, dtype);
        double[] truth = new ExactOracle().Evaluate(c);
        double accurate = MaxAbsError(new KernelSubject(new AccurateKernel()).Evaluate(c), truth, out _);
        double torch = MaxAbsError(new TorchOracle().Evaluate(c), truth, out _);
        output.WriteLine($"seed {AccurateRegimes.Seed} {c}: accurate {accurate:E3}, torch {torch:E3}, ratio {accurate / torch:E2}");
        Assert.True(accurate <= DominantBackwardRatio * torch, $"{c}: accurate {accurate:E3} > {DominantBackwardRatio} x torch {torch:E3}");
    }

    private static double MaxAbsError(double[] actual, double[] truth, out int worst)
    {
        double max = 0;
        worst = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            bool same = actual[i].Equals(truth[i]) || (double.IsNaN(actual[i]) && double.IsNaN(truth[i]));
            double error = same ? 0 : Math.Abs(actual[i] - truth[i]);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (error > max)
            {
                max = error;
                worst = i;
            }
        }
        return max;
    }
}
