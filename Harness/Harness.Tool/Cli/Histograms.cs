using Harness.Comparison;
using ScottPlot;

namespace Harness.Tuning;

/// <summary>
/// PNG histograms of one op/pass/dtype's errors (ScottPlot, rendered headless through SkiaSharp):
/// <list type="number">
/// <item>`KEY-ulp.png`: per case, the largest ULP error of subject vs torch, torch vs truth and subject vs truth, on a
///   log2 axis (bin 0 holds 1 ULP, bin 1 2-3 ULP, ...; the bin at -1 holds exact matches). Vertical lines: the
///   current tolerance when it is in ULP mode, and the recommended ULP tolerance.</item>
/// <item>`KEY-budget.png`: per case, the share of the tolerance its worst element uses (error / allowed, log10), under
///   the current tolerance and under the recommended one; the line at 0 is the limit (right of it: fails). This is
///   the meaningful picture for allclose and model, whose bound differs per element and so has no single ULP line.</item>
/// </list>
/// </summary>
public static class Histograms
{
    public const int Width = 900;
    public const int Height = 480;

    private static readonly Color SubjectColor = Color.FromHex("#1f77b4");
    private static readonly Color TorchColor = Color.FromHex("#ff7f0e");
    private static readonly Color TruthColor = Color.FromHex("#2ca02c");

    /// <summary>log2 of a ULP count, with exact matches at -1.</summary>
    public static double UlpBin(double ulp) => ulp <= 0 ? -1 : Math.Floor(Math.Log2(ulp));

    public static string WriteUlp(string directory, string key, IReadOnlyList<ErrorSample> samples, Tolerance current, Recommendation rec)
    {
        var plot = new Plot();
        var series = new (string Name, Color Color, IEnumerable<double> Values)[]
        {
            ("subject vs torch", SubjectColor, samples.Where(s => !s.Untunable).Select(s => s.MaxUlp)),
            ("torch vs truth", TorchColor, samples.Select(s => s.TorchVsTruthUlp)),
            ("subject vs truth", TruthColor, samples.Select(s => s.SubjectVsTruthUlp)),
        };
        AddGroupedBars(plot, series.Select(s => (s.Name, s.Color, s.Values.Where(double.IsFinite).Select(UlpBin).ToList())).ToList());
        AddLine(plot, UlpBin(rec.Ulp.Tolerance.MaxUlps), Colors.Red, $"recommended ulp:{rec.Ulp.Tolerance.MaxUlps}", LinePattern.Solid);
        if (current.Mode == ToleranceMode.Ulp) AddLine(plot, UlpBin(current.MaxUlps), Colors.Black, $"current ulp:{current.MaxUlps}", LinePattern.Dashed);
        plot.Title($"{key}: largest ULP error per case ({samples.Count} cases)");
        plot.XLabel("log2(ULP error)   (-1: exact)");
        plot.YLabel("cases");
        plot.ShowLegend(Alignment.UpperRight);
        string path = Path.Combine(directory, FileName(key, "ulp"));
        plot.SavePng(path, Width, Height);
        return path;
    }

    public static string WriteBudget(string directory, string key, IReadOnlyList<ErrorSample> samples, Tolerance current, Recommendation rec)
    {
        var plot = new Plot();
        Tolerance recommended = rec.For(rec.Best).Tolerance;
        // Below 1e-8 of the budget is all the same story (far inside): clamped into the leftmost bin.
        static double Bin(double u) => Math.Max(-8, Math.Floor(Math.Log10(u) * 4) / 4);
        var usable = samples.Where(s => !s.Untunable).ToList();
        AddGroupedBars(plot,
        [
            ($"current {current}", TorchColor, usable.Select(s => s.Utilisation(current)).Where(u => u > 0 && double.IsFinite(u)).Select(Bin).ToList()),
            ($"recommended {recommended}", SubjectColor, usable.Select(s => s.Utilisation(recommended)).Where(u => u > 0 && double.IsFinite(u)).Select(Bin).ToList()),
        ], binWidth: 0.25);
        AddLine(plot, 0, Colors.Red, "limit (error = allowed)", LinePattern.Solid);
        plot.Title($"{key}: share of the tolerance used by each case's worst element");
        plot.XLabel("log10(error / allowed)   (> 0 fails; -8 holds everything below)");
        plot.YLabel("cases");
        plot.ShowLegend(Alignment.UpperLeft);
        string path = Path.Combine(directory, FileName(key, "budget"));
        plot.SavePng(path, Width, Height);
        return path;
    }

    public static string FileName(string key, string kind) => key.Replace('/', '-') + "-" + kind + ".png";

    private static void AddGroupedBars(Plot plot, IReadOnlyList<(string Name, Color Color, List<double> Bins)> series, double binWidth = 1)
    {
        double width = binWidth / (series.Count + 1);
        for (int s = 0; s < series.Count; s++)
        {
            var counts = series[s].Bins.GroupBy(b => b).OrderBy(g => g.Key).ToList();
            if (counts.Count == 0) continue;
            double offset = (s - (series.Count - 1) / 2.0) * width;
            var bars = plot.Add.Bars(counts.Select(g => g.Key + binWidth / 2 + offset).ToArray(), counts.Select(g => (double)g.Count()).ToArray());
            bars.LegendText = $"{series[s].Name} ({series[s].Bins.Count})";
            foreach (var bar in bars.Bars)
            {
                bar.FillColor = series[s].Color;
                bar.LineWidth = 0;
                bar.Size = width;
            }
        }
    }

    private static void AddLine(Plot plot, double x, Color color, string text, LinePattern pattern)
    {
        var line = plot.Add.VerticalLine(x, 2, color, pattern);
        line.LegendText = text;
    }
}
