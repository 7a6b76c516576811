using Harness.Cli;

namespace PropertyTests.Cli;

/// <summary>check: 0 when everything passes, 1 on mismatches (shrunk and handed to the fixture store).</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public void Check_that_passes_exits_0_and_prints_seed_reproduce_line_and_table()
    {
        var result = CliHarness.Run(["check", "--subject", "accurate", "--cases", "20", "--op", "softmax", "--pass", "forward", "--dtype", "float64", "--seed", "5", "--no-save"]);
        Assert.Equal(ExitCodes.Passed, result.Code);
        Assert.Contains("Seed 5 (option)", result.Out);
        Assert.Contains("Reproduce: ./harness check --subject accurate --cases 20 --op softmax --pass forward --dtype float64 --seed 5 --no-save", result.Out);
        Assert.Contains("softmax      forward  float64  accurate", result.Out.Replace("softmax  forward", "softmax      forward"));
        Assert.Contains("PASSED: 20 cases in 1 groups", result.Out);
    }

    [Fact]
    public void Check_with_mismatches_exits_1_and_saves_the_shrunk_failure()
    {
        var store = new MemoryFixtures();
        var result = CliHarness.Run(["check", "--subject", "accurate", "--cases", "40", "--op", "softmax", "--pass", "backward", "--dtype", "float32",
            "--tolerance", "all=ulp:0", "--seed", "3"], fixtures: store);
        Assert.Equal(ExitCodes.Mismatches, result.Code);
        Assert.Contains("FAILED:", result.Out);
        Assert.Contains("accurate disagrees with torch on softmax/backward/float32", result.Out);
        FailureReportAssert(store);
    }

    private static void FailureReportAssert(MemoryFixtures store)
    {
        // Every distinct failure (kind x regime) is shrunk and saved, up to the default of 5 per group.
        Assert.InRange(store.Saved.Count, 1, Harness.Engine.CheckOptions.DefaultDistinct);
        Assert.All(store.Saved, saved => Assert.Equal("accurate", saved.Subject));
    }

    [Fact]
    public void Replay_token_runs_exactly_that_case()
    {
        var result = CliHarness.Run(["check", "--subject", "accurate", "--replay", "softmax/forward/float64@9:4", "--no-save"]);
        Assert.Equal(ExitCodes.Passed, result.Code);
        Assert.Contains("PASSED: 1 cases in 1 groups", result.Out);
    }
}
