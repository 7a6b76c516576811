using Harness.Cases;
using Harness.Comparison;
using Harness.Engine;
using Harness.Fixtures;
using Harness.Generation;
using Harness.Oracles;
using Harness.Settings;
using Harness.Subjects;
using Reference;

namespace Harness;

/// <summary>How <see cref="Gate"/> turns its options into the engine's: the same layers as the tool (defaults, then
/// the environment, then the options given).</summary>
internal static class GateRun
{
    public static CheckOptions Options(ISoftmaxKernel kernel, GateOptions o, string fixtures, IReadOnlyDictionary<string, string?>? environment = null)
    {
        environment ??= ToleranceTable.ReadEnvironment();
        RunSettings env = RunSettings.FromEnvironment(environment);
        var subject = new KernelSubject(kernel, Spec(kernel));
        ProfileChoice? choice = o.Tolerances is null ? Profile(o, environment, kernel) : null;
        IReadOnlyList<CaseToken>? only = null;
        if (env.Replay is { } replay && CaseToken.TryParse(replay, out CaseToken token)) only = [token];
        var run = new CheckOptions
        {
            Subjects = [subject],
            Ops = o.Ops,
            Passes = o.Passes,
            DTypes = o.DTypes,
            Cases = o.Cases ?? env.Scaled(HarnessDefaults.CasesPerGroup),
            Seed = only is { } tokens ? tokens[0].Seed : o.Seed ?? env.Seed,
            Generator = new GeneratorOptions(MaxElements: env.MaxElements),
            Tolerances = choice?.Table ?? o.Tolerances!,
            ShrinkPerGroup = HarnessDefaults.DistinctFailures,
            // A failure's Rerun: line repeats the profile and any custom tolerance file: the same verdict from the tool.
            Rerun = new RerunContext(choice is null ? null : ToleranceProfiles.Name(choice.Profile), choice?.File),
            Workers = o.Workers ?? Math.Max(1, Environment.ProcessorCount),
            Only = only,
            Arbiter = HarnessDefaults.Arbitrate ? new ExactOracle() : null,
            FailureTruth = new ExactOracle(),
        };
        return o.SaveFailures ? run with { SaveFailure = FailureFixtures.SaveTo(new FixtureStore(fixtures)) } : run;
    }

    public static ToleranceTable Tolerances(GateOptions o, IReadOnlyDictionary<string, string?> environment, ISoftmaxKernel kernel) =>
        o.Tolerances ?? Profile(o, environment, kernel).Table;

    /// <summary>The profile and tolerances, chosen as the tool chooses them (<see cref="ProfileChoice.Choose"/>).</summary>
    public static ProfileChoice Profile(GateOptions o, IReadOnlyDictionary<string, string?> environment, ISoftmaxKernel kernel) =>
        ProfileChoice.Choose(o.Profile is { } p ? ToleranceProfiles.Name(p) : null, o.TolerancesFile, [Spec(kernel)], environment,
            Directory.GetCurrentDirectory());

    /// <summary>How the tool finds the kernel again: its assembly's path and type name (rerun commands, fixtures).</summary>
    public static string Spec(ISoftmaxKernel kernel)
    {
        Type type = kernel.GetType();
        string location = type.Assembly.Location;
        return location.Length == 0 ? kernel.Name : $"{location}:{type.FullName}";
    }

    public static string Header(ISoftmaxKernel kernel, GateOptions o, CheckOptions run, CheckReport report, string fixtures)
    {
        int failingGroups = report.Groups.Count(g => g.Failures > 0);
        string saved = run.SaveFailure is null ? "not saved" : $"saved under {fixtures}";
        string standard = o.Tolerances is not null ? "a given tolerance table"
            : Profile(o, ToleranceTable.ReadEnvironment(), kernel) is { } p ? $"profile {ToleranceProfiles.Name(p.Profile)} ({p.ProfileSource}), tolerances from {p.Source}" : "";
        var perRegime = report.Groups.Where(g => g.Failures > 0).Select(g => $"{g.Kind}: {g.Failures}");
        return $"Kernel '{kernel.Name}' failed: {report.Failures} of {report.Cases} cases in {failingGroups} of " +
            $"{report.Groups.Count} groups{report.HowFailed} ({string.Join(", ", perRegime)})\n" +
            $"Standard: {standard}\n" +
            $"Run: seed {report.Seed}, {run.Cases} cases per group; libtorch {TorchOracle.LibTorchVersion}, {TorchOracle.Threads} thread(s), " +
            $"CPU capability {TorchOracle.CpuCapability}\n" +
            $"Kernel: {SubjectIdentity.Describe(run.Subjects[0])}\n" +
            $"Shrunk failures: {saved}";
    }

    /// <summary>Replays a fixture with the kernel; null when it passes, else the replay report.</summary>
    public static string? Replay(ISoftmaxKernel kernel, Fixture f, string path, GateOptions o)
    {
        var environment = ToleranceTable.ReadEnvironment();
        // The profile the fixture recorded, unless the options or the environment choose one.
        bool chosen = o.Profile is not null || o.TolerancesFile is not null || o.Tolerances is not null || ProfileChoice.NamedByEnvironment(environment);
        GateOptions effective = !chosen && f.Profile is { } recorded ? o with { Profile = ToleranceProfiles.Parse("fixture profile", recorded) } : o;
        Tolerance tolerance = Tolerances(effective, environment, kernel).For(f.Case.Op, f.Case.Pass, f.Case.DType);
        ReplayOutcome outcome = FixtureReplayer.Replay(f, new KernelSubject(kernel, Spec(kernel)), new TorchOracle(o.Threads), tolerance,
            HarnessDefaults.Arbitrate ? new ExactOracle() : null);
        return outcome.Passed ? null : outcome.Describe(path);
    }

    public static CaseOutcome CrossCheck(ISoftmaxKernel kernel, Case c, GateOptions o)
    {
        Tolerance tolerance = Tolerances(o, ToleranceTable.ReadEnvironment(), kernel).For(c.Op, c.Pass, c.DType);
        return Engine.CrossCheck.Run(c, new KernelSubject(kernel, Spec(kernel)), new TorchOracle(o.Threads), tolerance,
            arbiter: HarnessDefaults.Arbitrate ? new ExactOracle() : null);
    }
}
