using System.Collections.Concurrent;
using System.CommandLine;
using Harness.Comparison;
using Harness.Engine;
using Harness.Generation;
using Harness.Oracles;
using Harness.Settings;
using Harness.Subjects;
using Harness.Tuning;

namespace Harness.Cli;

/// <summary>
/// `harness tune`: measures the subjects' errors against torch (and both against the high-precision truth) per
/// op x pass x dtype and regime, recommends per mode the tightest tolerance that passes every case times a margin,
/// prints which mode has the least slack; `--write` updates tolerances.json, `--report DIR` writes Markdown + PNGs.
/// </summary>
internal static class TuneCommand
{
    /// <summary>Cases per op x pass x dtype and subject with no --cases: 8 groups x 3000 = 24,000 cases, under a
    /// minute here; twice what `check` runs by default, so the rare regimes (long rows: 1 case in 109) that set the
    /// float32 bounds are seen about 30 times per group, and a fresh check rarely meets an error larger than any seen.</summary>
    public const int DefaultCases = 3000;

    /// <summary>The default seed of tune, not check's: the tolerances are fitted on one sample and checked on another.</summary>
    public const ulong DefaultSeed = 7_000_001;

    public static Command Create(CliContext context)
    {
        var shared = new SharedOptions();
        var margin = new Option<double>("--margin") { Description = "Multiply the tightest passing tolerance by this (at least 1)", DefaultValueFactory = _ => Recommender.DefaultMargin, HelpName = "X" };
        var write = new Option<bool>("--write") { Description = "Update the tolerance file: only the tuned entries, mode set to the one with the least slack" };
        var report = new Option<string?>("--report") { Description = "Write report.md and PNG histograms of the error distributions into this folder", HelpName = "DIR" };
        var command = new Command("tune", "Measure errors and recommend tolerances per op x pass x dtype (allclose, ulp, model)");
        command.Options.Add(shared.Subject);
        shared.AddSelectionTo(command);
        command.Options.Add(shared.Cases);
        shared.AddSettingsTo(command);
        command.Options.Add(shared.Threads);
        command.Options.Add(shared.Workers);
        command.Options.Add(margin);
        command.Options.Add(write);
        command.Options.Add(report);
        command.SetAction(r =>
        {
            ResolvedSettings settings = SettingsLayers.Resolve(shared.ReadSettings(r), context.Environment, context.WorkingDirectory, DefaultSeed);
            double m = r.GetValue(margin);
            if (!(m >= 1) || !double.IsFinite(m)) throw UsageException.ForOption("--margin", "a number of at least 1", m.ToString(System.Globalization.CultureInfo.InvariantCulture));
            int cases = SharedOptions.Positive("--cases", r.GetValue(shared.Cases)) ?? Math.Max(1, (int)Math.Round(DefaultCases * settings.Scale));
            var run = new CheckOptions
            {
                Subjects = SubjectOptions.Resolve(r.GetValue(shared.Subject), context.WorkingDirectory),
                Ops = Selection.Ops(r.GetValue(shared.Op)),
                Passes = Selection.Passes(r.GetValue(shared.Pass)),
                DTypes = Selection.DTypes(r.GetValue(shared.DType)),
                Cases = cases,
                Seed = settings.Seed,
                Generator = new GeneratorOptions(MaxElements: settings.MaxElements),
                Tolerances = settings.Tolerances,
                Workers = shared.ReadWorkers(r),
                ShrinkPerGroup = 0,
            };
            string? reportDir = r.GetValue(report) is { } d ? Path.GetFullPath(d, context.WorkingDirectory) : null;
            string command = "./harness tune " + string.Join(' ', r.Tokens.Skip(1).Select(t => t.Value)) + (r.GetValue(shared.Seed) is null ? $" --seed {run.Seed}" : "");
            return Execute(context, run, settings, shared.ReadThreads(r), m, r.GetValue(write), reportDir, command.Replace("  ", " "));
        });
        return command;
    }

    private static int Execute(CliContext context, CheckOptions run, ResolvedSettings settings, int threads, double margin, bool write, string? reportDir, string command)
    {
        Terminal t = context.Terminal;
        _ = new TorchOracle(threads);
        ICaseEvaluator truth = Truth.Create();
        var samples = new ConcurrentBag<ErrorSample>();
        run = run with { Truth = truth, Observe = (subject, outcome) => samples.Add(ErrorSample.From(subject, outcome)) };
        t.Out.WriteLine($"harness tune: {string.Join(", ", run.Subjects.Select(s => s.Name))} against libtorch {TorchOracle.LibTorchVersion} " +
            $"(CPU capability {TorchOracle.CpuCapability}), truth '{truth.Name}'; {run.Cases} cases per group; seed {run.Seed} ({settings.SeedSource}); margin x{margin}");
        t.Out.WriteLine($"Reproduce: {command}");
        t.Out.Flush();
        CheckReport report = ProgressDisplay.Run(t, "tune", progress => CheckRunner.Run(run, progress));

        var groups = samples.GroupBy(s => s.Key)
            .Select(g => new { g.Key, Samples = Ordered(g) })
            .OrderBy(g => ToleranceTable.AllKeys().Select(k => k.Key).ToList().IndexOf(g.Key))
            .Select(g => new TunedGroup(g.Key, g.Samples, Recommender.Recommend(g.Key, g.Samples, margin), TableFor(settings.Tolerances, g.Key)))
            .ToList();
        t.Out.WriteLine();
        TuneTable.Write(t, groups);
        t.Out.WriteLine();
        t.Out.WriteLine($"Slack = median over cases with an error of allowed/observed at the worst element (>= margin x{margin}); the mode with the least slack follows the errors most closely.");

        int untunable = groups.Sum(g => g.Recommendation.Untunable);
        if (reportDir is not null)
        {
            var info = new TuneRunInfo(run.Subjects.Select(s => s.Name).ToList(), run.Cases, run.Seed, TorchOracle.LibTorchVersion, TorchOracle.CpuCapability, truth.Name, margin, command);
            string path = TuneReport.Write(reportDir, groups, info);
            t.Out.WriteLine($"Report: {Path.GetRelativePath(context.WorkingDirectory, path)} ({groups.Count * 2} histograms)");
        }
        if (untunable > 0)
        {
            t.Error.WriteLine($"{untunable} cases fail in every mode (special values differ or the subject threw): fix the subject; tolerances {(write ? "not written" : "not tunable")}");
            return ExitCodes.Mismatches;
        }
        if (write)
        {
            string file = settings.ToleranceFile ?? Path.Combine(settings.RepositoryRoot, ToleranceTable.FileName);
            var tuned = groups.ToDictionary(g => g.Key, g => (g.Recommendation.Combined, Note(g, run, margin)));
            ToleranceFileWriter.Write(file, tuned);
            t.Out.WriteLine($"Wrote {tuned.Count} entries ({string.Join(", ", tuned.Keys)}) to {Path.GetRelativePath(context.WorkingDirectory, file)}");
        }
        _ = report;
        return ExitCodes.Passed;
    }

    // Samples arrive from worker threads in any order; sort so the recommendation and the report are deterministic.
    private static List<ErrorSample> Ordered(IEnumerable<ErrorSample> samples) =>
        samples.OrderBy(s => s.Subject, StringComparer.Ordinal).ThenBy(s => s.Regime, StringComparer.Ordinal)
            .ThenBy(s => s.MaxUlp).ThenBy(s => s.RequiredK).ThenBy(s => s.MaxAbs).ToList();

    private static Tolerance TableFor(ToleranceTable table, string key) => table.Entries[key];

    private static string Note(TunedGroup g, CheckOptions run, double margin) =>
        $"tuned: {g.Samples.Count} cases (seed {run.Seed}, {string.Join("+", run.Subjects.Select(s => s.Name))}); " +
        $"max {TuneReport.Number(g.MaxUlp)} ULP, k {TuneReport.Number(g.MaxK)}; margin x{margin}; least slack: {g.Recommendation.Combined.ModeName}";
}
