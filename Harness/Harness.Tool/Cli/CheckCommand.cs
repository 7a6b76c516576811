using System.CommandLine;
using System.Text;
using Harness.Engine;
using Harness.Generation;
using Harness.Oracles;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>
/// `harness check`: cross-checks subjects against TorchSharp over a seeded random case stream, shrinks and saves
/// failures, prints a summary table. Exit 0 when everything passed, 1 on mismatches, 2 on bad input.
/// </summary>
internal static class CheckCommand
{
    /// <summary>Cases per op x pass x dtype x subject with no --cases: about 30 s on two shared cores here
    /// (measured: 8 groups x 1500 cases of the accurate kernel), scaled by HARNESS_SCALE.</summary>
    public const int DefaultCases = HarnessDefaults.CasesPerGroup;

    public static Command Create(CliContext context)
    {
        var shared = new SharedOptions();
        var shard = new Option<string?>("--shard") { Description = "Run shard K of N (1-based) of the same case stream: a CI matrix splits a long sweep", HelpName = "K/N" };
        var junit = new Option<string?>("--junit") { Description = "Write JUnit XML: one testcase per op x pass x dtype x subject", HelpName = "FILE" };
        var noSave = new Option<bool>("--no-save") { Description = "Do not save shrunk failures as fixture files" };
        var noArbitrate = new Option<bool>("--no-arbitrate")
        {
            Description = "Torch's word is final: do not let the high-precision oracle pass cases where the subject misses torch but matches the truth",
        };
        var replay = new Option<string[]>("--replay")
        {
            Description = "Run just these case tokens (e.g. softmax/forward/float32@20261124:17); repeatable",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "TOKEN",
        };
        var distinct = new Option<int?>("--distinct")
        {
            Description = $"Distinct failures (kind x regime) to shrink, save and print per group (default {CheckOptions.DefaultDistinct})",
            HelpName = "N",
        };
        var failures = new Option<string?>("--failures") { Description = "Write every failing case's token, kind and regime as JSON (default with --junit FILE.xml: FILE.failures.json)", HelpName = "FILE" };
        var input = new Option<string?>("--input") { Description = "Run exactly the cases of this JSON file (a list of op, pass, dtype, shape, dim, x, dy) instead of random ones", HelpName = "FILE" };
        var saveInputs = new Option<bool>("--save-inputs") { Description = "With --input: also save every input case as a fixture as it is (passing or not), a permanent regression test" };
        var command = new Command("check", "Cross-check subjects against TorchSharp over random cases; shrink and save failures");
        shared.AddRunTo(command);
        command.Options.Add(shared.Fixtures);
        command.Options.Add(noSave);
        command.Options.Add(noArbitrate);
        command.Options.Add(shard);
        command.Options.Add(junit);
        command.Options.Add(replay);
        command.Options.Add(distinct);
        command.Options.Add(failures);
        command.Options.Add(input);
        command.Options.Add(saveInputs);

        command.SetAction(r =>
        {
            ResolvedSettings settings = SettingsLayers.Resolve(shared.ReadSettings(r), context.Environment, context.WorkingDirectory, RunSettings.DefaultSeed, r.GetValue(shared.Subject));
            int cases = SharedOptions.Positive("--cases", r.GetValue(shared.Cases)) ?? Math.Max(1, (int)Math.Round(DefaultCases * settings.Scale));
            var tokens = Tokens(r.GetValue(replay), settings.Replay);
            IReadOnlyList<Inputs.InputCases.Entry>? inputs = InputOption.Load(r.GetValue(input), tokens, context.WorkingDirectory);
            if (r.GetValue(saveInputs) && inputs is null) throw UsageException.ForProblem("--save-inputs needs --input FILE");
            var run = new CheckOptions
            {
                Subjects = SubjectOptions.Resolve(r.GetValue(shared.Subject), context.WorkingDirectory),
                Ops = Selection.Ops(r.GetValue(shared.Op)),
                Passes = Selection.Passes(r.GetValue(shared.Pass)),
                DTypes = Selection.DTypes(r.GetValue(shared.DType)),
                Cases = cases,
                Seed = tokens is { Count: > 0 } ? tokens[0].Seed : settings.Seed,
                Generator = new GeneratorOptions(MaxElements: settings.MaxElements),
                Tolerances = settings.Tolerances,
                Shard = Selection.Shard(r.GetValue(shard)),
                Workers = shared.ReadWorkers(r),
                Only = tokens,
                Arbiter = r.GetValue(noArbitrate) ? null : Truth.Create(),
                FailureTruth = Truth.Create(),
                ShrinkPerGroup = SharedOptions.Positive("--distinct", r.GetValue(distinct)) ?? CheckOptions.DefaultDistinct,
                // Rerun: lines repeat the profile in force and any custom tolerance file, so they give the same verdict.
                Rerun = new RerunContext(Settings.ToleranceProfiles.Name(settings.Profile), settings.ToleranceFile) { InputFile = InputOption.Path(r.GetValue(input), context.WorkingDirectory) },
                Inputs = inputs,
            };
            var saver = new FailureSaver(context, settings.FixturesDirectory);
            if (!r.GetValue(noSave)) run = run with { SaveFailure = saver.Save };
            InputOption.Saver? inputSaver = r.GetValue(saveInputs) ? new InputOption.Saver(run, inputs!, saver.Save) : null;
            if (inputSaver is not null) run = run with { Observe = inputSaver.Observe };
            string? junitPath = r.GetValue(junit);
            string? failuresPath = r.GetValue(failures) ?? (junitPath is null ? null : FailuresFile.BesideJUnit(junitPath));
            return Execute(context, run, settings, shared.ReadThreads(r), Reproduce(run, r.Tokens.Skip(1).Select(t => t.Value), tokens), junitPath, failuresPath, inputSaver);
        });
        return command;
    }

    private static int Execute(CliContext context, CheckOptions run, ResolvedSettings settings, int threads, string reproduce, string? junitPath, string? failuresPath,
        InputOption.Saver? inputSaver = null)
    {
        Terminal t = context.Terminal;
        _ = new TorchOracle(threads); // first: fixes libtorch's thread count before any other torch call
        t.Out.WriteLine($"harness check: {string.Join(", ", run.Subjects.Select(s => s.Name))} against libtorch {TorchOracle.LibTorchVersion} " +
            $"({TorchOracle.Threads} thread{(TorchOracle.Threads == 1 ? "" : "s")}, CPU capability {TorchOracle.CpuCapability}), {run.Workers} workers");
        string scope = run.Inputs is { } given ? $"{given.Count} input case(s) from {run.Rerun.InputFile}" : run.Only is { } only ? $"{only.Count} replayed case(s)" : $"{run.Cases} cases per group{(run.Shard.N > 1 ? $", shard {run.Shard.K + 1}/{run.Shard.N}" : "")}";
        t.Out.WriteLine($"Seed {run.Seed} ({settings.SeedSource}); {scope}");
        t.Out.WriteLine($"{settings.ProfileLine}; failures saved to {(run.SaveFailure is null ? "nowhere (--no-save)" : settings.FixturesDirectory)}");
        foreach (KernelSubject s in run.Subjects.Where(s => !SubjectCatalog.BuiltInNames.Contains(s.Spec))) t.Out.WriteLine($"Kernel {SubjectIdentity.Describe(s)}");
        t.Out.WriteLine($"Reproduce: {reproduce}");
        t.Out.Flush();

        CheckReport report = ProgressDisplay.Run(t, "check", progress => CheckRunner.Run(run, progress));
        if (report.Groups.Count == 0) throw UsageException.ForProblem($"nothing to run: the {(run.Inputs is null ? "--replay tokens" : "--input cases")} match no selected op/pass/dtype");

        t.Out.WriteLine();
        SummaryTable.Write(t, report, run.Tolerances);
        foreach (FailureReport failure in report.ShrunkFailures)
        {
            t.Out.WriteLine();
            t.Out.WriteLine(failure.Describe());
        }
        if (inputSaver is not null)
        {
            t.Out.WriteLine();
            foreach (string line in inputSaver.Lines) t.Out.WriteLine(line);
        }
        if (junitPath is not null)
        {
            JUnitWriter.Write(Path.GetFullPath(junitPath, context.WorkingDirectory), report,
                [("profile", Settings.ToleranceProfiles.Name(settings.Profile)), ("tolerances", settings.ToleranceSource)],
                run.Shard.N > 1 ? (run.Shard.K + 1, run.Shard.N) : null);
        }
        if (failuresPath is not null)
        {
            FailuresFile.Write(Path.GetFullPath(failuresPath, context.WorkingDirectory), report, run.Subjects.DistinctBy(s => s.Name).ToDictionary(s => s.Name, s => s.Spec));
        }

        double overhead = Weighted(report, g => g.EngineOverheadShare);
        double rate = report.Elapsed.TotalSeconds > 0 ? report.Cases / report.Elapsed.TotalSeconds : 0;
        t.Out.WriteLine();
        string timing = $"{Formatting.Seconds(report.Elapsed)}, {Formatting.Rate(rate)} cases/s, engine overhead {Formatting.Percent(overhead)}";
        if (report.Passed)
        {
            t.Out.WriteLine($"PASSED: {report.Cases} cases in {report.Groups.Count} groups agree with torch ({timing}); seed {report.Seed}");
            WriteTorchOff(t, report);
            return ExitCodes.Passed;
        }
        int failingGroups = report.Groups.Count(g => g.Failures > 0);
        t.Out.WriteLine($"FAILED: {report.Failures} of {report.Cases} cases in {failingGroups} of {report.Groups.Count} groups{report.HowFailed} ({timing}); seed {report.Seed}");
        WriteFailuresPerRegime(t, report, failuresPath);
        WriteTorchOff(t, report);
        return ExitCodes.Mismatches;
    }

    // Issue #18, item 4: where the failures are, per group and regime, and the file that lists every one.
    private static void WriteFailuresPerRegime(Terminal t, CheckReport report, string? failuresPath)
    {
        foreach (GroupResult g in report.Groups.Where(g => g.Failures > 0))
        {
            string regimes = string.Join(", ", g.FailuresByRegime.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value}"));
            t.Out.WriteLine($"Failing cases per regime, {g.Kind} {g.Subject}: {regimes} ({g.Shrunk.Count} distinct shown)");
        }
        if (failuresPath is not null) t.Out.WriteLine($"Every failing case: {failuresPath}");
    }

    // Cases the arbiter passed: the subject missed torch but is within tolerance of the high-precision truth.
    private static void WriteTorchOff(Terminal t, CheckReport report)
    {
        int off = report.Groups.Sum(g => g.TorchOff);
        if (off == 0) return;
        string where = string.Join(", ", report.Groups.Where(g => g.TorchOff > 0).Select(g => $"{g.Kind} {g.Subject}: {g.TorchOff}"));
        t.Out.WriteLine($"Torch off: in {off} case(s) the subject missed torch but matched the high-precision truth, so they passed ({where}); --no-arbitrate makes torch final");
    }

    private static IReadOnlyList<CaseToken>? Tokens(string[]? given, string? fromEnvironment)
    {
        IEnumerable<string> texts = given is { Length: > 0 } ? given : fromEnvironment is null ? [] : [fromEnvironment];
        var tokens = new List<CaseToken>();
        foreach (string text in texts)
        {
            if (!CaseToken.TryParse(text.Trim(), out CaseToken token))
                throw UsageException.ForOption("--replay", "a case token such as softmax/forward/float32@20261124:17", text);
            tokens.Add(token);
        }
        return tokens.Count == 0 ? null : tokens;
    }

    // The exact command for this run: the user's own options, plus the seed when it was not given.
    private static string Reproduce(CheckOptions run, IEnumerable<string> typed, IReadOnlyList<CaseToken>? tokens)
    {
        // In a clone the wrapper script is ./harness; an installed tool is the command harness.
        var text = new StringBuilder(Settings.ToleranceProfiles.RepositoryOfTheTool() is null ? "harness check" : "./harness check");
        foreach (string token in typed) text.Append(' ').Append(token.Contains(' ') ? $"'{token}'" : token);
        string all = text.ToString();
        if (run.Inputs is not null) return text.ToString();
        if (tokens is null && !all.Contains("--seed")) text.Append(" --seed ").Append(run.Seed);
        if (tokens is null && !all.Contains("--cases")) text.Append(" --cases ").Append(run.Cases);
        return text.ToString();
    }

    private static double Weighted(CheckReport report, Func<GroupResult, double> value)
    {
        double total = report.Groups.Sum(g => g.Elapsed.TotalSeconds);
        return total > 0 ? report.Groups.Sum(g => value(g) * g.Elapsed.TotalSeconds) / total : 0;
    }

    /// <summary>Saves failures through the fixture store; a store that cannot save is a warning, not a lost run.</summary>
    private sealed class FailureSaver(CliContext context, string directory)
    {
        private bool _warned;

        public string? Save(FailureReport failure)
        {
            try
            {
                string path = context.Fixtures.Save(directory, failure);
                return Path.GetRelativePath(context.WorkingDirectory, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!_warned) context.Terminal.Error.WriteLine($"warning: failures not saved to {directory}: {e.Message}");
                _warned = true;
                return null;
            }
        }
    }
}
