using System.Globalization;
using System.Text;
using Harness.Comparison;

namespace Harness.Tuning;

/// <summary>The `tune --report DIR` output: report.md with the tables, and two PNG histograms per op/pass/dtype.</summary>
public static class TuneReport
{
    public static string Write(string directory, IReadOnlyList<TunedGroup> groups, TuneRunInfo info)
    {
        Directory.CreateDirectory(directory);
        var md = new StringBuilder();
        md.AppendLine("# Tolerance tuning report").AppendLine();
        md.AppendLine($"Subjects {string.Join(", ", info.Subjects)}; {info.CasesPerGroup} cases per op/pass/dtype and subject; seed {info.Seed}; " +
            $"libtorch {info.LibTorch} ({info.CpuCapability}); truth: {info.TruthName}; margin x{Number(info.Margin)}.").AppendLine();
        md.AppendLine("Reproduce: `" + info.Command + "`").AppendLine();
        md.AppendLine("## How to read this").AppendLine();
        md.AppendLine("- Every case runs the subject and torch; the errors are the subject's against torch (that is what a tolerance decides), and both against the high-precision truth (to see which side is less accurate).");
        md.AppendLine($"- For each mode the recommendation is the tightest tolerance that passes every observed case, times the margin (x{Number(info.Margin)}), rounded up to two significant digits; floors 1 ULP, k = 1, atol = the smallest subnormal.");
        md.AppendLine("- allclose has two parameters: for each rtol on a grid (0 and eps * 2^j) the atol every case needs is computed exactly, and the pair with the least slack is taken.");
        md.AppendLine("- **Slack** of a tolerance: the median, over cases with a nonzero error, of allowed / observed at the case's worst element, that is how many times the error could grow before the case fails. It is at least the margin. The mode with the least slack follows the errors most closely, so it is the most sensitive to a real bug at the same false-alarm rate; `tune --write` picks it and stores all three modes' parameters (`--tolerance-mode` switches).");
        md.AppendLine("- `ulp` histograms: the largest ULP error per case (log2; exact matches at -1), with the recommended ULP tolerance (and the current one, when it is in ULP mode) as lines. allclose and model bounds differ per element, so they have no single ULP line: the `budget` histograms show instead each case's error / allowed under the current and the recommended tolerance, with the limit at 0.").AppendLine();
        md.AppendLine("## Recommendations").AppendLine();
        md.AppendLine("| op/pass/dtype | cases | current | fails now | allclose | ulp | model | slack a/u/m | best |");
        md.AppendLine("|---|---:|---|---:|---|---|---|---|---|");
        foreach (TunedGroup g in groups)
        {
            Recommendation r = g.Recommendation;
            md.AppendLine($"| {g.Key} | {g.Samples.Count} | {g.Current} | {g.CurrentFailures} | {Spec(r.AllClose.Tolerance)} | {Spec(r.Ulp.Tolerance)} | {Spec(r.Model.Tolerance)} | " +
                $"{Number(r.AllClose.Slack)} / {Number(r.Ulp.Slack)} / {Number(r.Model.Slack)} | **{Name(r.Best)}** |");
        }
        md.AppendLine();
        foreach (TunedGroup g in groups)
        {
            md.AppendLine($"## {g.Key}").AppendLine();
            md.AppendLine($"Worst subject-vs-torch error: {Number(g.MaxUlp)} ULP, k = {Number(g.MaxK)}; torch vs truth {Number(g.MaxTorchVsTruth)} ULP; subject vs truth {Number(g.MaxSubjectVsTruth)} ULP." +
                (g.Recommendation.Untunable > 0 ? $" **{g.Recommendation.Untunable} cases fail in every mode** (special values differ or the subject threw): not tunable, fix the subject." : "")).AppendLine();
            md.AppendLine("| regime | cases | max ULP vs torch | k needed | torch vs truth (ULP) | subject vs truth (ULP) |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (RegimeRow row in g.Regimes)
            {
                md.AppendLine($"| {row.Regime} | {row.Cases}{(row.Untunable > 0 ? $" ({row.Untunable} untunable)" : "")} | {Number(row.MaxUlp)} | {Number(row.MaxK)} | {Number(row.MaxTorchVsTruth)} | {Number(row.MaxSubjectVsTruth)} |");
            }
            md.AppendLine();
            string ulp = Histograms.WriteUlp(directory, g.Key, g.Samples, g.Current, g.Recommendation);
            string budget = Histograms.WriteBudget(directory, g.Key, g.Samples, g.Current, g.Recommendation);
            md.AppendLine($"![{g.Key} ULP errors]({Path.GetFileName(ulp)})").AppendLine();
            md.AppendLine($"![{g.Key} tolerance budget]({Path.GetFileName(budget)})").AppendLine();
        }
        string path = Path.Combine(directory, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    public static string Spec(Tolerance t) => Settings.ToleranceSpec.Format(t).Replace("E", "e");

    private static string Name(ToleranceMode m) => m switch { ToleranceMode.AllClose => "allclose", ToleranceMode.Ulp => "ulp", _ => "model" };

    internal static string Number(double v) => v switch
    {
        double.NaN => "-",
        double.PositiveInfinity => "inf",
        _ => v.ToString(v != 0 && (Math.Abs(v) < 1e-3 || Math.Abs(v) >= 1e6) ? "0.0#e+0" : "0.##", CultureInfo.InvariantCulture),
    };
}

/// <summary>What the report says about the run itself.</summary>
public sealed record TuneRunInfo(IReadOnlyList<string> Subjects, int CasesPerGroup, ulong Seed, string LibTorch, string CpuCapability, string TruthName, double Margin, string Command);
