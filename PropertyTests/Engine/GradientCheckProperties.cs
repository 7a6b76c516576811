using Harness.Cases;
using Harness.Generation;
using Harness.Subjects;
using PropertyTests.Mutants;
using PropertyTests.Support;
using Reference;

namespace PropertyTests.Engine;

/// <summary>
/// A float64 central-difference gradient check of the backward pass, independent of torch: with L(x) = sum_i dy_i
/// y_i(x), dL/dx_k ~ (L(x + h e_k) - L(x - h e_k)) / 2h. The truncation error is O(h^2) and the rounding error
/// O(eps / h); h = 1e-5 balances them at about 1e-10, so <see cref="Tolerance"/> leaves three orders of margin.
/// </summary>
public sealed class GradientCheckProperties
{
    private const int Cases = 100;
    private const double Step = 1e-5;

    /// <summary>Allowed |numeric - analytic| per unit of (1 + sum |dy|).</summary>
    private const double Tolerance = 1e-7;

    private static readonly IReadOnlyList<string> SmoothRegimes = [Regime.Normal, Regime.NearTies, Regime.SingleColumn, Regime.Dominant];

    public static TheoryData<string, string> SubjectsAndOps()
    {
        var data = new TheoryData<string, string>();
        foreach (string s in Subjects.BuiltIn)
            foreach (SoftmaxOp op in Names.AllOps)
                data.Add(s, Names.Of(op));
        return data;
    }

    [Theory]
    [MemberData(nameof(SubjectsAndOps))]
    public void Backward_matches_central_differences(string subject, string op) =>
        GradientCheck(Subjects.Resolve(subject), Names.TryParseOp(op, out SoftmaxOp o) ? o : throw new ArgumentException(op));

    [Fact]
    public void ShouldFail_gradient_check_rejects_wrong_diagonal() =>
        Assert.Contains("Falsifiable", Assert.ThrowsAny<Exception>(() => GradientCheck(new DiagonalTermY(), SoftmaxOp.Softmax)).Message);

    [Fact]
    public void ShouldFail_gradient_check_rejects_missing_exp() =>
        Assert.Contains("Falsifiable", Assert.ThrowsAny<Exception>(() => GradientCheck(new LogSoftmaxBackwardMissingExp(), SoftmaxOp.LogSoftmax)).Message);

    private static void GradientCheck(ISoftmaxKernel kernel, SoftmaxOp op)
    {
        var subject = new KernelSubject(kernel);
        PropertyCheck.ForAll(op, Pass.Backward, DType.Float64, Cases, c =>
        {
            double[] dx = subject.Evaluate(c);
            Case forward = new(c.Op, Pass.Forward, c.DType, c.Shape, c.Dim, c.X, null);
            double Loss(double[] x)
            {
                double[] y = subject.Evaluate(forward.With(x: x));
                double sum = 0;
                for (int i = 0; i < y.Length; i++) sum += c.Dy![i] * y[i];
                return sum;
            }
            double scale = 1 + c.Dy!.Sum(Math.Abs);
            for (int k = 0; k < c.Count; k++)
            {
                double h = Step * Math.Max(1, Math.Abs(c.X[k]));
                double[] plus = (double[])c.X.Clone(), minus = (double[])c.X.Clone();
                plus[k] += h;
                minus[k] -= h;
                double numeric = (Loss(plus) - Loss(minus)) / (plus[k] - minus[k]);
                if (Math.Abs(numeric - dx[k]) > Tolerance * scale)
                {
                    throw new InvalidOperationException($"element {k}: analytic {dx[k]:R}, central difference {numeric:R}");
                }
            }
        }, SmoothRegimes, maxElements: 64);
    }
}
