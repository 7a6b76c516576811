using Harness.Cases;
using Harness.Oracles;
using Harness.Subjects;
using Reference;
using Reference.Accurate;
using Xunit.Abstractions;

namespace PropertyTests.Kernels;

/// <summary>
/// Forward accuracy per regime, measured in ULPs of the dtype against the double-double truth; libtorch's figure
/// is printed beside the kernel's (not asserted).
/// </summary>
public sealed class AccurateForwardTests(ITestOutputHelper output)
{
    public static TheoryData<string, SoftmaxOp, DType> Grid()
    {
        var data = new TheoryData<string, SoftmaxOp, DType>();
        foreach (string regime in AccurateRegimes.Names)
            foreach (SoftmaxOp op in Names.AllOps)
                foreach (DType dtype in Names.AllDTypes)
                    data.Add(regime, op, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Forward_is_within_the_ulp_target(string regime, SoftmaxOp op, DType dtype)
    {
        Case c = AccurateRegimes.Build(regime, op, Pass.Forward, dtype);
        double[] truth = new ExactOracle().Evaluate(c);
        double accurate = MaxUlps(c, new KernelSubject(new AccurateKernel()).Evaluate(c), truth, out int worst);
        double torch = MaxUlps(c, new TorchOracle().Evaluate(c), truth, out _);
        output.WriteLine($"seed {AccurateRegimes.Seed} {c}: max ULP accurate {accurate}, torch {torch}");
        double allowed = dtype == DType.Float32 ? AccurateTolerances.Float32ForwardUlps : AccurateTolerances.Float64ForwardUlps;
        Assert.True(accurate <= allowed,
            $"{c}: {accurate} ULP at index {worst} (x = {c.X[worst]:R}, truth {truth[worst]:R}); allowed {allowed}");
    }

    internal static double MaxUlps(Case c, double[] actual, double[] truth, out int worst)
    {
        double max = 0;
        worst = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            double ulps = ExactOracle.UlpError(c.DType, actual[i], truth[i]);
            if (ulps > max)
            {
                max = ulps;
                worst = i;
            }
        }
        return max;
    }
}
