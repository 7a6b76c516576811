using Harness.Cases;
using Harness.Subjects;
using Reference.Accurate;

namespace Harness.Oracles;

/// <summary>
/// TEMPORARY stand-in on the cli branch, dropped at merge: the kernels branch brings the real ExactOracle
/// (double-double truth). This one computes in plain double precision (the accurate kernel's float64 path on the
/// widened inputs): a good truth for float32 cases, no better than the subjects for float64 ones.
/// </summary>
public sealed class ExactOracle : ICaseEvaluator
{
    private static readonly AccurateKernel Kernel = new();

    public string Name => "exact";

    public double[] Evaluate(Case c)
    {
        var y = new double[c.Count];
        Kernel.Forward(c.Op, c.X, y, c.Shape, c.Dim);
        if (c.Pass == Pass.Forward) return y;
        var dx = new double[c.Count];
        Kernel.Backward(c.Op, y, c.Dy!, dx, c.Shape, c.Dim);
        return dx;
    }
}
