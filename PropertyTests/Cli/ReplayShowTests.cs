using Harness.Cli;
using Harness.Generation;
using Harness.Oracles;
using Harness.Subjects;
using PropertyTests.Support;

namespace PropertyTests.Cli;

/// <summary>replay and show through the fixture-store seam (an in-memory store here).</summary>
public sealed class ReplayShowTests : IDisposable
{
    private readonly CliHarness.TempFolder _folder = new();
    private readonly MemoryFixtures _store = new();

    public void Dispose() => _folder.Dispose();

    private string Add(string name, string token, Func<double[], double[]>? corrupt = null, string? profile = null)
    {
        string path = _folder.Write(name, "{}");
        CaseToken.TryParse(token, out CaseToken t);
        var c = CaseGenerator.Generate(t, GeneratorOptions.Default);
        double[] expected = new TorchOracle().Evaluate(c);
        double[] actual = new KernelSubject(Subjects.Resolve("accurate")).Evaluate(c);
        _store.Files[path] = new FixtureItem(path, new FixtureView(c, "accurate", expected, corrupt?.Invoke(actual) ?? actual, TestRun.Tolerances.For(c), token, Profile: profile), null);
        return path;
    }

    [Fact]
    public void Replay_prints_a_line_per_fixture_and_exits_0_when_all_pass()
    {
        Add("a.json", "softmax/forward/float64@1:2");
        Add("b.json", "log_softmax/backward/float32@1:3");
        var result = CliHarness.Run(["replay", _folder.Path], fixtures: _store);
        Assert.Equal(ExitCodes.Passed, result.Code);
        Assert.Equal(2, result.Out.Split('\n').Count(l => l.StartsWith("PASS  ")));
        Assert.Contains("2 fixtures: 2 passed, 0 failed", result.Out);
    }

    [Fact]
    public void Replay_counts_an_unreadable_file_as_a_failure_and_runs_the_rest()
    {
        Add("a.json", "softmax/forward/float64@1:2");
        string bad = _folder.Write("bad.json", "{");
        _store.Files[bad] = new FixtureItem(bad, null, new FormatException("bad.json: 'case.shape': expected an array, found nothing"));
        var result = CliHarness.Run(["replay", _folder.Path], fixtures: _store);
        Assert.Equal(ExitCodes.Mismatches, result.Code);
        Assert.Contains("FAIL  ", result.Out);
        Assert.Contains("'case.shape': expected an array", result.Out);
        Assert.Contains("2 fixtures: 1 passed, 1 failed", result.Out);
    }

    [Fact]
    public void Show_lists_elements_worst_first_and_elides_the_rest()
    {
        string path = Add("c.json", "softmax/forward/float32@4:0", actual =>
        {
            var copy = (double[])actual.Clone();
            copy[copy.Length - 1] = 0.5f;
            return copy;
        });
        var result = CliHarness.Run(["show", path, "--rows", "3"], fixtures: _store);
        Assert.Equal(ExitCodes.Passed, result.Code);
        string[] lines = result.Out.Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("index"));
        Assert.True(header > 0, result.Out);
        Assert.Contains("subject", lines[header]);
        Assert.Contains("truth", lines[header]);
        Assert.EndsWith("FAIL", lines[header + 2].TrimEnd());
        Assert.Contains("accurate (saved)", result.Out);
    }

    /// <summary>show judges a fixture as replay does: an explicit profile wins, else the one the fixture recorded, else
    /// the default for its subject; the `standard:` line says which.</summary>
    [Fact]
    public void Show_judges_by_the_recorded_profile_unless_told_otherwise()
    {
        string recorded = Add("recorded.json", "softmax/forward/float64@1:2", profile: "parity");
        string plain = Add("plain.json", "softmax/forward/float64@1:2");

        var byRecord = CliHarness.Run(["show", recorded, "--rows", "1"], fixtures: _store);
        Assert.Contains("\n  standard:   Profile parity (recorded in the fixture); tolerances from tolerances.parity.json", byRecord.Out);
        var byDefault = CliHarness.Run(["show", plain, "--rows", "1"], fixtures: _store);
        Assert.Contains("\n  standard:   Profile strict (default for built-in subjects); tolerances from tolerances.json", byDefault.Out);
        var byOption = CliHarness.Run(["show", recorded, "--rows", "1", "--profile", "strict"], fixtures: _store);
        Assert.Contains("\n  standard:   Profile strict (option)", byOption.Out);
    }
}
