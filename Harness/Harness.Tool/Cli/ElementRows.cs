using Harness.Cases;
using Harness.Comparison;

namespace Harness.Cli;

/// <summary>One element of `show`: the three values, the subject's errors against torch, and the verdict.</summary>
public sealed record ElementRow(int Index, int[] MultiIndex, double Subject, double Torch, double? Truth,
    double AbsError, double RelError, double UlpError, double Allowed, double Ratio)
{
    public bool Passed => Ratio <= 1;
}

/// <summary>Builds `show`'s rows, worst first: special-value mismatches, then by error / allowed.</summary>
public static class ElementRows
{
    public static IReadOnlyList<ElementRow> Build(Case c, double[] torch, double[] subject, double[]? truth, Tolerance tolerance)
    {
        double[]? scales = tolerance.Mode == ToleranceMode.Model ? ErrorModel.Scales(c) : null;
        double eps = ErrorModel.Epsilon(c.DType), tiny = ErrorModel.Tiny(c.DType);
        var rows = new List<ElementRow>(c.Count);
        for (int i = 0; i < c.Count; i++)
        {
            ElementReport r = Comparer.Report(c, i, torch, subject, 0, truth);
            bool finite = double.IsFinite(r.Expected) && double.IsFinite(r.Actual);
            double allowed = tolerance.Mode switch
            {
                ToleranceMode.AllClose => tolerance.Atol + tolerance.Rtol * Math.Abs(r.Expected),
                ToleranceMode.Ulp => tolerance.MaxUlps,
                _ => tolerance.K * (eps * (double.IsNaN(scales![i]) ? 0 : scales[i]) + tiny),
            };
            double error = tolerance.Mode == ToleranceMode.Ulp ? r.UlpError : r.AbsError;
            double ratio = !finite ? (r.AbsError == 0 ? 0 : double.PositiveInfinity)
                : error == 0 ? 0 : allowed > 0 ? error / allowed : double.PositiveInfinity;
            rows.Add(new ElementRow(i, r.Index, r.Actual, r.Expected, r.Truth, r.AbsError, r.RelError, r.UlpError, allowed, ratio));
        }
        return rows.OrderByDescending(r => r.Ratio).ThenBy(r => r.Index).ToList();
    }
}
