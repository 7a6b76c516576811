using Harness.Cases;
using Harness.Engine;
using Harness.Fixtures;
using Harness.Generation;
using Harness.Oracles;
using Harness.Settings;
using Harness.Subjects;
using PropertyTests.Support;
using Reference;
using Xunit.Abstractions;

namespace PropertyTests.Engine;

/// <summary>
/// The main property: for every built-in subject and every op x pass x dtype, the subject agrees with TorchSharp on
/// the generated cases under the repository's tolerance file. A failure is shrunk, saved as a fixture, and printed
/// with its case token and the command that reruns just that case.
/// </summary>
public sealed class CrossCheckProperties(ITestOutputHelper output)
{
    /// <summary>Cases per subject x op x pass x dtype at HARNESS_SCALE=1: enough to meet every regime several times
    /// (the rarest, long rows, has weight 1 in 109) while the suite stays within its time budget.</summary>
    public const int DefaultCases = 300;

    public static TheoryData<string, string> Groups()
    {
        var data = new TheoryData<string, string>();
        foreach (string subject in Subjects.BuiltIn)
            foreach (var (key, _, _, _) in ToleranceTable.AllKeys())
                data.Add(subject, key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Subject_agrees_with_torch(string subject, string kind)
    {
        var store = new FixtureStore(FixtureStore.FindRepositoryFixtures());
        // HARNESS_REPLAY (the Rerun: line of a built-in subject's failure) narrows this property, and only this one,
        // to that case: the other tests (mutants, user kernels, the CLI) ignore it, so none fails because of it.
        CheckReport report = Run(SubjectCatalog.Subject(subject), kind, TestRun.Settings.Scaled(DefaultCases), FailureFixtures.SaveTo(store), SuiteReplay);
        GroupResult group = Assert.Single(report.Groups);
        output.WriteLine($"{subject} {kind}: {group.Cases} cases, seed {report.Seed}, max ULP vs torch {group.MaxUlpError}, {group.CasesPerSecond:F0} cases/s");
        if (!report.Passed)
        {
            Assert.Fail(string.Join("\n\n", report.ShrunkFailures.Select(f => f.Describe())));
        }
    }

    /// <summary>HARNESS_REPLAY's token, if set.</summary>
    internal static CaseToken? SuiteReplay =>
        TestRun.Settings.Replay is { } text && CaseToken.TryParse(text, out CaseToken token) ? token : null;

    /// <param name="subject">The subject.</param>
    /// <param name="kind">"softmax/forward/float32".</param>
    /// <param name="cases">Cases of the seeded stream.</param>
    /// <param name="save">Saves a shrunk failure.</param>
    /// <param name="replay">Run just this case instead of the stream (nothing, when it names another group).</param>
    /// <param name="tolerances">The table to judge by (default: the repository's tolerances.json, the strict profile).</param>
    internal static CheckReport Run(KernelSubject subject, string kind, int cases, Func<FailureReport, string?>? save = null, CaseToken? replay = null, ToleranceTable? tolerances = null)
    {
        string[] parts = kind.Split('/');
        Names.TryParseOp(parts[0], out SoftmaxOp op);
        Names.TryParsePass(parts[1], out Pass pass);
        Names.TryParseDType(parts[2], out DType dtype);
        RunSettings settings = TestRun.Settings;
        var options = new CheckOptions
        {
            Subjects = [subject],
            Ops = [op],
            Passes = [pass],
            DTypes = [dtype],
            Cases = cases,
            Seed = settings.Seed,
            Generator = new GeneratorOptions(MaxElements: settings.MaxElements),
            Tolerances = tolerances ?? TestRun.Tolerances,
            StopAtFirstFailure = true,
            Only = replay is null ? null : [replay.Value],
            SaveFailure = save,
            // As `harness check` does: where the subject misses torch, the high-precision oracle decides who is off.
            Arbiter = new ExactOracle(),
        };
        CheckReport report = CheckRunner.Run(options);
        if (report.Groups.Count == 0)
        {
            // HARNESS_REPLAY names another group: nothing of this one to run.
            return new CheckReport(options.Seed, [new GroupResult(subject.Name, op, pass, dtype)], TimeSpan.Zero);
        }
        return report;
    }
}
