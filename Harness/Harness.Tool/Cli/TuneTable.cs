using Harness.Comparison;
using Harness.Tuning;

namespace Harness.Cli;

/// <summary>The console table of `tune`: per op/pass/dtype the observed errors, each mode's recommendation with its
/// slack, and the mode with the least slack.</summary>
internal static class TuneTable
{
    private static readonly string[] Header =
        ["op/pass/dtype", "cases", "max ULP", "max k", "torch~truth", "subj~truth", "fails now", "allclose", "ulp", "model", "slack a/u/m", "best"];

    private static readonly HashSet<int> Numeric = [1, 2, 3, 4, 5, 6];

    public static void Write(Terminal terminal, IReadOnlyList<TunedGroup> groups)
    {
        Formatting.WriteTable(terminal, Header, groups.Select(Row).ToList(), Numeric);
    }

    private static IReadOnlyList<string> Row(TunedGroup g)
    {
        Recommendation r = g.Recommendation;
        return
        [
            g.Key, g.Samples.Count.ToString(), Formatting.Ulps(g.MaxUlp), TuneReport.Number(g.MaxK),
            Formatting.Ulps(g.MaxTorchVsTruth), Formatting.Ulps(g.MaxSubjectVsTruth),
            g.CurrentFailures.ToString(),
            TuneReport.Spec(r.AllClose.Tolerance), TuneReport.Spec(r.Ulp.Tolerance), TuneReport.Spec(r.Model.Tolerance),
            $"{TuneReport.Number(r.AllClose.Slack)}/{TuneReport.Number(r.Ulp.Slack)}/{TuneReport.Number(r.Model.Slack)}",
            r.Combined.ModeName,
        ];
    }
}
