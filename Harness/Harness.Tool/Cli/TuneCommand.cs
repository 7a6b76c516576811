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
/// prints which mode has the least slack; `--write` updates the tolerance file, `--report DIR` writes Markdown + PNGs.
/// What the recommendation is fitted to (`--fit`): `subject`, the subjects' own errors (the default for the built-in
/// kernels: the strict profile), or `torch`, libtorch's errors against the truth in the model mode (the default for a
/// kernel that is not built in, and how the parity profile is made). A kernel is never silently judged by its own
/// errors: fitting to a user's kernel says so on screen and in every note it writes.
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
        var fit = new Option<string?>("--fit")
        {
            Description = "Fit to 'torch' (libtorch's errors against the high-precision truth, model mode: PyTorch's accuracy envelope, as the parity profile) or 'subject' (the subjects' own errors, as the strict profile). Default: subject for the built-in kernels, torch otherwise",
            HelpName = "torch|subject",
        };
        var command = new Command("tune", "Measure errors and recommend tolerances per op x pass x dtype (allclose, ulp, model)");
        shared.AddRunTo(command);
        command.Options.Add(margin);
        command.Options.Add(write);
        command.Options.Add(report);
        command.Options.Add(fit);
        command.SetAction(r =>
        {
            string[]? subjectNames = r.GetValue(shared.Subject);
            ResolvedSettings settings = SettingsLayers.Resolve(shared.ReadSettings(r), context.Environment, context.WorkingDirectory, DefaultSeed, subjectNames);
            double m = r.GetValue(margin);
            if (!(m >= 1) || !double.IsFinite(m)) throw UsageException.ForOption("--margin", "a number of at least 1", m.ToString(System.Globalization.CultureInfo.InvariantCulture));
            int cases = SharedOptions.Positive("--cases", r.GetValue(shared.Cases)) ?? Math.Max(1, (int)Math.Round(DefaultCases * settings.Scale));
            bool builtInOnly = ToleranceProfiles.DefaultFor(subjectNames is { Length: > 0 } ? subjectNames : SubjectCatalog.DefaultNames) == ToleranceProfile.Strict;
            bool fitTorch = r.GetValue(fit) switch
            {
                null => !builtInOnly,
                "torch" => true,
                "subject" => false,
                string other => throw UsageException.ForOption("--fit", "torch or subject", other),
            };
            var run = new CheckOptions
            {
                Subjects = SubjectOptions.Resolve(subjectNames, context.WorkingDirectory),
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
            var how = new TuneMode(fitTorch, !builtInOnly);
            return Execute(context, run, settings, shared.ReadThreads(r), m, r.GetValue(write), reportDir, command.Replace("  ", " "), how);
        });
        return command;
    }

    /// <summary>What tune fits: torch's errors against the truth (parity) or the subjects' own; and whether a subject
    /// is a user's kernel (then fitting to it is said out loud).</summary>
    private sealed record TuneMode(bool FitTorch, bool External);

    private static int Execute(CliContext context, CheckOptions run, ResolvedSettings settings, int threads, double margin, bool write, string? reportDir, string command, TuneMode how)
    {
        Terminal t = context.Terminal;
        _ = new TorchOracle(threads);
        ICaseEvaluator truth = Truth.Create();
        var samples = new ConcurrentBag<ErrorSample>();
        var own = new ConcurrentBag<ErrorSample>();
        run = run with
        {
            Truth = truth,
            Observe = (subject, outcome) =>
            {
                ErrorSample sample = ErrorSample.From(subject, outcome);
                if (!how.FitTorch) { samples.Add(sample); return; }
                own.Add(sample);
                // Torch's errors do not depend on the subject: one sample per case, from the first subject.
                if (subject == run.Subjects[0].Name && ErrorSample.OfTorch(outcome) is { } torch) samples.Add(torch);
            },
        };
        t.Out.WriteLine($"harness tune: {string.Join(", ", run.Subjects.Select(s => s.Name))} against libtorch {TorchOracle.LibTorchVersion} " +
            $"(CPU capability {TorchOracle.CpuCapability}), truth '{truth.Name}'; {run.Cases} cases per group; seed {run.Seed} ({settings.SeedSource}); margin x{margin}");
        t.Out.WriteLine(how.FitTorch
            ? "Fitted to: libtorch's errors against the high-precision truth, model mode (PyTorch's accuracy envelope, as the parity profile); the subjects' own errors are shown beside it"
            : $"Fitted to: the subjects' own errors ({string.Join(", ", run.Subjects.Select(s => s.Name))})");
        if (!how.FitTorch && how.External)
        {
            t.Error.WriteLine("warning: fitting tolerances to the kernel's own errors: a file written from them judges the kernel by its own accuracy, not by PyTorch's (--fit torch fits PyTorch's)");
        }
        t.Out.WriteLine(settings.ProfileLine);
        t.Out.WriteLine($"Reproduce: {command}");
        t.Out.Flush();
        CheckReport report = ProgressDisplay.Run(t, "tune", progress => CheckRunner.Run(run, progress));

        var groups = samples.GroupBy(s => s.Key)
            .Select(g => new { g.Key, Samples = Ordered(g) })
            .OrderBy(g => ToleranceTable.AllKeys().Select(k => k.Key).ToList().IndexOf(g.Key))
            .Select(g => new TunedGroup(g.Key, g.Samples, Fitted(Recommender.Recommend(g.Key, g.Samples, margin), how), TableFor(settings.Tolerances, g.Key)))
            .ToList();
        t.Out.WriteLine();
        TuneTable.Write(t, groups);
        if (how.FitTorch) WriteSubjectsBesideTorch(t, groups, own);
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
            // The custom file in force, else tolerances.json in the working directory: never a file found elsewhere.
            string file = settings.ToleranceFile ?? Path.Combine(context.WorkingDirectory, ToleranceTable.FileName);
            var tuned = groups.ToDictionary(g => g.Key, g => (g.Recommendation.Combined, Note(g, run, margin, how)));
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

    private static string Note(TunedGroup g, CheckOptions run, double margin, TuneMode how) => how.FitTorch
        ? $"parity: libtorch vs the truth over {g.Samples.Count} cases (seed {run.Seed}); max {TuneReport.Number(g.MaxUlp)} ULP, k {TuneReport.Number(g.MaxK)}; margin x{margin}; mode model"
        : (how.External ? $"FITTED TO THE KERNEL'S OWN ERRORS ({string.Join("+", run.Subjects.Select(s => s.Name))}), not PyTorch's: " : "tuned: ") +
          $"{g.Samples.Count} cases (seed {run.Seed}, {string.Join("+", run.Subjects.Select(s => s.Name))}); " +
          $"max {TuneReport.Number(g.MaxUlp)} ULP, k {TuneReport.Number(g.MaxK)}; margin x{margin}; least slack: {g.Recommendation.Combined.ModeName}";

    // Fitted to torch: the conditioning-aware mode, whatever has the least slack (the envelope must follow the
    // op's conditioning, or it is loose where torch is accurate and tight where it is not).
    private static Recommendation Fitted(Recommendation r, TuneMode how) => how.FitTorch ? r with { Best = ToleranceMode.Model } : r;

    /// <summary>Beside torch's envelope, each subject's own errors against the truth (the model k it needs, its
    /// largest ULP error), with a warning where it is less accurate than torch.</summary>
    private static void WriteSubjectsBesideTorch(Terminal t, IReadOnlyList<TunedGroup> groups, IEnumerable<ErrorSample> own)
    {
        t.Out.WriteLine();
        t.Out.WriteLine("The subjects against the truth, beside libtorch (model k each needs at its worst case; largest ULP error):");
        var bySubject = own.Where(s => s.VsTruth is not null).GroupBy(s => (s.Subject, s.Key));
        foreach (TunedGroup g in groups)
        {
            foreach (var subject in bySubject.Where(b => b.Key.Key == g.Key).OrderBy(b => b.Key.Subject, StringComparer.Ordinal))
            {
                double k = subject.Max(s => s.VsTruth!.Untunable ? double.PositiveInfinity : s.VsTruth.RequiredK);
                double ulp = subject.Where(s => !double.IsNaN(s.SubjectVsTruthUlp)).Select(s => s.SubjectVsTruthUlp).DefaultIfEmpty(0).Max();
                bool worse = k > g.MaxK;
                t.Out.WriteLine($"  {g.Key,-28} {subject.Key.Subject}: k {TuneReport.Number(k)}, {Formatting.Ulps(ulp)} ULP; libtorch: k {TuneReport.Number(g.MaxK)}, {Formatting.Ulps(g.MaxTorchVsTruth)} ULP{(worse ? "  <- less accurate than torch" : "")}");
                if (worse)
                {
                    t.Error.WriteLine($"warning: {subject.Key.Subject} is less accurate than PyTorch on {g.Key}: it needs k {TuneReport.Number(k)} against the truth where libtorch needs {TuneReport.Number(g.MaxK)}");
                }
            }
        }
    }
}
