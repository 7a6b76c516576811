using Harness.Cases;
using Harness.Engine;
using Harness.Settings;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>The summary of a check run: one row per op x pass x dtype x subject. Errors are the subject's against
/// torch over finite elements; "torch off" counts the cases the high-precision oracle passed (the subject missed torch
/// but matched the truth); "truth" is the share of time in that oracle, "overhead" the share outside the subject,
/// libtorch and that oracle (generation, comparison, bookkeeping).</summary>
internal static class SummaryTable
{
    private static readonly string[] Header =
        ["op", "pass", "dtype", "subject", "tolerance", "cases", "fail", "worst abs", "worst rel", "worst ULP", "torch off", "cases/s", "truth", "overhead"];

    private static readonly HashSet<int> Numeric = [5, 6, 7, 8, 9, 10, 11, 12, 13];

    public static void Write(Terminal terminal, CheckReport report, ToleranceTable tolerances)
    {
        var rows = report.Groups.Select(g => Row(g, tolerances)).ToList();
        Formatting.WriteTable(terminal, Header, rows, Numeric, r => report.Groups[r].Failures > 0 ? Color.Red : null);
    }

    private static IReadOnlyList<string> Row(GroupResult g, ToleranceTable tolerances) =>
    [
        Names.Of(g.Op), Names.Of(g.Pass), Names.Of(g.DType), g.Subject,
        ToleranceSpec.Format(tolerances.For(g.Op, g.Pass, g.DType)),
        g.Cases.ToString(), g.Failures.ToString(),
        Formatting.Error(g.MaxAbsError), Formatting.Error(g.MaxRelError), Formatting.Ulps(g.MaxUlpError),
        g.TorchOff.ToString(), Formatting.Rate(g.CasesPerSecond), Formatting.Percent(g.TruthShare), Formatting.Percent(g.EngineOverheadShare),
    ];
}
