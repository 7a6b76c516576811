using System.Text.Json;
using Harness.Cli;
using Harness.Engine;
using PropertyTests.Mutants;

namespace PropertyTests.Cli;

/// <summary>
/// Issue #18, items 4 and 7 at the command line: `check` prints every distinct failure and the failing cases per
/// regime, writes every failing token as JSON beside the JUnit file, and a DLL subject's `Rerun:` line reruns exactly
/// that case against that DLL.
/// </summary>
public sealed class DistinctFailuresCliTests : IDisposable
{
    private static readonly string Spec = $"{typeof(SeveralDefects).Assembly.Location}:{typeof(SeveralDefects).FullName}";
    private readonly CliHarness.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (CliHarness.Result Result, MemoryFixtures Store) Check(params string[] extra)
    {
        var store = new MemoryFixtures();
        string[] args = ["check", "--subject", Spec, "--op", "softmax", "--pass", "forward", "--dtype", "float32", "--cases", "200", "--seed", "5", .. extra];
        return (CliHarness.Run(args, fixtures: store), store);
    }

    [Fact]
    public void ShouldFail_check_prints_and_saves_every_distinct_failure_and_lists_every_failing_case_beside_the_junit_file()
    {
        string junit = Path.Combine(_folder.Path, "check.junit.xml");
        var (result, store) = Check("--junit", junit);
        Assert.Equal(ExitCodes.Mismatches, result.Code);
        Assert.Equal(CheckOptions.DefaultDistinct, store.Saved.Count);
        foreach (string kind in SeveralDefects.Kinds) Assert.Contains($"\n  Kind:      {kind} (", result.Out);
        Assert.Contains("Failing cases per regime, softmax/forward/float32 several-defects: ", result.Out);
        Assert.Contains($"Every failing case: {junit[..^4]}.failures.json", result.Out);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder.Path, "check.junit.failures.json")));
        JsonElement group = Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal(Spec, group.GetProperty("subject").GetString());
        int failures = group.GetProperty("failures").GetInt32();
        Assert.Equal(failures, group.GetProperty("failing").GetArrayLength());
        Assert.Equal(failures, group.GetProperty("failuresPerRegime").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(CheckOptions.DefaultDistinct, group.GetProperty("distinct").GetArrayLength());
        Assert.All(group.GetProperty("distinct").EnumerateArray(), d => Assert.StartsWith(Harness.HarnessDefaults.FixturesFolderName + "/", d.GetProperty("fixture").GetString()));
        Assert.All(group.GetProperty("failing").EnumerateArray(), f => Assert.StartsWith("softmax/forward/float32@5:", f.GetProperty("token").GetString()));
        // the summary tells the cases the subject threw on from those it computed wrongly
        int threw = group.GetProperty("failing").EnumerateArray().Count(f => f.GetProperty("kind").GetString()!.StartsWith("threw ", StringComparison.Ordinal));
        Assert.InRange(threw, 1, failures - 1);
        Assert.Contains($"FAILED: {failures} of 200 cases in 1 of 1 groups: {failures - threw} disagree with torch, on {threw} the subject threw (", result.Out);
    }

    [Fact]
    public void ShouldFail_a_subject_that_only_throws_is_summed_up_as_throwing_not_as_disagreeing()
    {
        string spec = $"{typeof(PropertyTests.Fixtures.ThrowingKernel).Assembly.Location}:{typeof(PropertyTests.Fixtures.ThrowingKernel).FullName}";
        var result = CliHarness.Run(["check", "--subject", spec, "--op", "softmax", "--pass", "forward", "--dtype", "float32", "--cases", "40", "--seed", "5", "--no-save"],
            fixtures: new MemoryFixtures());
        Assert.Equal(ExitCodes.Mismatches, result.Code);
        Assert.Contains("FAILED: 40 of 40 cases in 1 of 1 groups: the subject threw on every one (", result.Out);
        Assert.DoesNotContain("disagree with torch", result.Out);
    }

    [Fact]
    public void Distinct_option_bounds_the_failures_shown_per_group()
    {
        var (result, store) = Check("--distinct", "2", "--no-save");
        Assert.Equal(ExitCodes.Mismatches, result.Code);
        Assert.Empty(store.Saved);
        Assert.Contains("(2 distinct shown)", result.Out);
        Assert.Equal(2, result.Out.Split("\n  Kind:      ").Length - 1);
    }

    [Fact]
    public void ShouldFail_the_rerun_line_of_a_dll_subject_reruns_that_case_against_that_dll()
    {
        string tolerances = _folder.Write("tolerances.json", File.ReadAllText(Path.Combine(Support.TestRun.RepositoryRoot, "tolerances.json")));
        var (result, _) = Check("--no-save", "--distinct", "1", "--tolerances", tolerances);
        Assert.Equal(ExitCodes.Mismatches, result.Code);
        string rerun = result.Out.Split('\n').Single(l => l.StartsWith("  Rerun:     ", StringComparison.Ordinal))["  Rerun:     ".Length..];
        string token = result.Out.Split('\n').Single(l => l.StartsWith("  Token:     ", StringComparison.Ordinal))["  Token:     ".Length..];
        Assert.StartsWith($"harness check --subject {Spec} --profile parity --tolerances {tolerances} --tolerance softmax/forward/float32=", rerun);
        Assert.EndsWith($" --seed 5 --replay {token}", rerun);
        Assert.DoesNotContain("HARNESS_REPLAY", rerun);

        // From another working directory, with no environment: the same case, the same verdict.
        var again = CliHarness.Run([.. rerun.Split(' ').Skip(1), "--no-save"], workingDirectory: _folder.Path);
        Assert.Equal(ExitCodes.Mismatches, again.Code);
        Assert.Contains("FAILED: 1 of 1 cases", again.Out);
        Assert.Contains($"\n  Token:     {token}\n", again.Out);
    }

    [Fact]
    public void ShouldFail_a_backward_only_bug_is_marked_in_the_failures_file_as_failing_in_isolation_with_a_forward_that_agrees()
    {
        string spec = $"{typeof(EinsumJacobianWrongAxes).Assembly.Location}:{typeof(EinsumJacobianWrongAxes).FullName}";
        string file = Path.Combine(_folder.Path, "failures.json");
        var result = CliHarness.Run(["check", "--subject", spec, "--op", "softmax", "--pass", "backward", "--dtype", "float64", "--cases", "50",
            "--distinct", "1", "--no-save", "--failures", file]);
        Assert.Equal(ExitCodes.Mismatches, result.Code);
        Assert.Contains("\n  Isolated:  backward on torch's forward output fails: ", result.Out);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
        JsonElement distinct = Assert.Single(Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray()).GetProperty("distinct").EnumerateArray());
        Assert.False(distinct.GetProperty("forwardDisagrees").GetBoolean());
        Assert.True(distinct.GetProperty("isolatedFails").GetBoolean());
    }
}
