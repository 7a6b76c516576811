using System.Text.RegularExpressions;
using Harness;
using Harness.Cli;
using Harness.Engine;
using Harness.Settings;
using Harness.Subjects;
using Reference;

namespace PropertyTests.Cli;

/// <summary>
/// One set of defaults: the library API (<see cref="Gate"/>) and the tool (`harness check`) judge a user's kernel by
/// the same profile and tolerances, with the same seed, case count, distinct failures and arbitration. Each side is
/// read from what it actually does: the tool from its run header and summary table, the library from the engine
/// options it builds.
/// </summary>
public sealed class DefaultsAgreementTests
{
    private static readonly string Spec = $"{ThirdPartyKernelTests.AssemblyPath()}:ThirdPartyKernels.DoubleRoundOnce";

    [Fact]
    public void Gate_and_check_use_the_same_defaults_for_a_users_kernel()
    {
        ISoftmaxKernel kernel = SubjectCatalog.Resolve(Spec);
        var environment = new Dictionary<string, string?>();
        CheckOptions gate = GateRun.Options(kernel, new GateOptions(), fixtures: Path.GetTempPath(), environment);
        ProfileChoice gateProfile = GateRun.Profile(new GateOptions(), environment, kernel);

        using var folder = new CliHarness.TempFolder();
        var tool = CliHarness.Run(["check", "--subject", Spec, "--op", "softmax", "--pass", "forward", "--dtype", "float64", "--no-save"],
            environment, folder.Path);
        Assert.Equal(ExitCodes.Passed, tool.Code);

        Assert.Contains($"Seed {gate.Seed} (default); {gate.Cases} cases per group\n", tool.Out);
        Assert.Contains($"Profile {ToleranceProfiles.Name(gateProfile.Profile)} ({gateProfile.ProfileSource}); tolerances from {gateProfile.Source};", tool.Out);
        Assert.Equal(ToleranceProfile.Parity, gateProfile.Profile);
        string toolTolerance = Regex.Match(tool.Out, @"\nsoftmax\s+forward\s+float64\s+double-round-once\s+(\S+)").Groups[1].Value;
        Assert.Equal(ToleranceSpec.Format(gate.Tolerances.For(SoftmaxOp.Softmax, Harness.Cases.Pass.Forward, Harness.Cases.DType.Float64)), toolTolerance);
        Assert.Equal(CheckOptions.DefaultDistinct, gate.ShrinkPerGroup);
        Assert.Equal(HarnessDefaults.DistinctFailures, gate.ShrinkPerGroup);
        Assert.NotNull(gate.Arbiter);
        Assert.DoesNotContain("--no-arbitrate", tool.Out.Split('\n').First(l => l.StartsWith("Reproduce:", StringComparison.Ordinal)));
        Assert.Equal("parity", gate.Rerun.Profile);
    }

    [Fact]
    public void Harness_profile_in_the_environment_moves_both_sides_alike()
    {
        ISoftmaxKernel kernel = SubjectCatalog.Resolve(Spec);
        var environment = new Dictionary<string, string?> { ["HARNESS_PROFILE"] = "strict" };
        ProfileChoice gateProfile = GateRun.Profile(new GateOptions(), environment, kernel);
        using var folder = new CliHarness.TempFolder();
        var tool = CliHarness.Run(["check", "--subject", Spec, "--op", "softmax", "--pass", "forward", "--dtype", "float64", "--cases", "10", "--no-save"],
            environment, folder.Path);
        Assert.Equal(ToleranceProfile.Strict, gateProfile.Profile);
        Assert.Contains($"Profile strict (environment); tolerances from {gateProfile.Source};", tool.Out);
    }
}
