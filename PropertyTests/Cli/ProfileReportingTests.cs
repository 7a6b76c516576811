using System.Xml.Linq;
using Harness.Cli;
using Harness.Generation;
using Harness.Oracles;
using Harness.Subjects;
using Harness.Comparison;
using PropertyTests.Mutants;
using PropertyTests.Support;

namespace PropertyTests.Cli;

/// <summary>
/// The profile in force is reported (JUnit properties), and `tune` for a user's kernel recommends from PyTorch's
/// errors, shows the kernel's own beside them, warns where the kernel is less accurate than torch, and never writes
/// a file fitted to the kernel's own errors without saying so.
/// </summary>
public sealed class ProfileReportingTests
{
    private static string Plain => $"{ThirdPartyKernelTests.AssemblyPath()}:ThirdPartyKernels.PlainArithmetic";

    private static readonly string[] OneGroup = ["--op", "softmax", "--pass", "forward", "--dtype", "float64", "--cases", "60"];

    [Fact]
    public void JUnit_properties_carry_the_profile_and_the_tolerance_source()
    {
        using var folder = new CliHarness.TempFolder();
        string junit = Path.Combine(folder.Path, "out.xml");
        CliHarness.Result r = CliHarness.Run(["check", "--subject", Plain, .. OneGroup, "--no-save", "--junit", junit]);
        Assert.True(r.Code == 0, r.Out + r.Error);
        var properties = XDocument.Load(junit).Descendants("property").ToDictionary(p => p.Attribute("name")!.Value, p => p.Attribute("value")!.Value);
        Assert.Equal("parity", properties["profile"]);
        Assert.StartsWith("tolerances.parity.json built into Harness.Engine", properties["tolerances"]);
    }

    [Fact]
    public void Tune_for_a_users_kernel_fits_torchs_errors_and_shows_the_kernels_beside_them()
    {
        CliHarness.Result r = CliHarness.Run(["tune", "--subject", Plain, .. OneGroup]);
        Assert.True(r.Code == 0, r.Out + r.Error);
        Assert.Contains("Fitted to: libtorch's errors against the high-precision truth, model mode", r.Out);
        Assert.Contains("  softmax/forward/float64      plain-arithmetic: k ", r.Out);
        Assert.DoesNotContain("warning", r.Error);
    }

    [Fact]
    public void ShouldFail_tune_warns_when_the_kernel_is_less_accurate_than_torch()
    {
        string mutant = $"{typeof(Float64ExpInFloat32).Assembly.Location}:{typeof(Float64ExpInFloat32).FullName}";
        CliHarness.Result r = CliHarness.Run(["tune", "--subject", mutant, .. OneGroup]);
        Assert.Contains("warning: mutant-float64-exp-in-float32 is less accurate than PyTorch on softmax/forward/float64: it needs k ", r.Error);
        Assert.Contains("<- less accurate than torch", r.Out);
    }

    [Fact]
    public void Tune_fitted_to_a_users_kernel_says_so_on_screen_and_in_every_note_it_writes()
    {
        using var folder = new CliHarness.TempFolder();
        string file = folder.Write("mine.json", """{ "schema": 1, "tolerances": {} }""");
        CliHarness.Result r = CliHarness.Run(["tune", "--subject", Plain, .. OneGroup, "--fit", "subject", "--tolerances", file, "--write"], workingDirectory: folder.Path);
        Assert.True(r.Code == 0, r.Out + r.Error);
        Assert.Contains("warning: fitting tolerances to the kernel's own errors", r.Error);
        Assert.Contains("\"note\": \"FITTED TO THE KERNEL'S OWN ERRORS (plain-arithmetic), not PyTorch's: 60 cases", File.ReadAllText(file));
    }

    /// <summary>Replay judges a fixture by the profile it recorded when it was saved; a fixture without one (older
    /// files, curated cases) as check did by default: a kernel that is not built in under parity, ours under strict.
    /// An explicit --profile wins over both.</summary>
    [Fact]
    public void Replay_judges_by_the_recorded_profile_else_a_users_fixture_by_parity_and_ours_by_strict()
    {
        using var folder = new CliHarness.TempFolder();
        var store = new MemoryFixtures();
        var seen = new Dictionary<string, Tolerance>();
        store.OnReplay = (item, tolerance) => seen[Path.GetFileName(item.Path)] = tolerance;
        foreach (var (spec, name, profile) in new[] { (Plain, "user.json", (string?)null), ("accurate", "ours.json", null), (Plain, "recorded-strict.json", "strict"), ("accurate", "recorded-parity.json", "parity") })
        {
            CaseToken.TryParse("softmax/forward/float64@1:2", out CaseToken t);
            var c = CaseGenerator.Generate(t, GeneratorOptions.Default);
            double[] expected = new TorchOracle().Evaluate(c);
            string path = folder.Write(name, "{}");
            store.Files[path] = new FixtureItem(path, new FixtureView(c, spec, expected, SubjectCatalog.Subject(spec).Evaluate(c), TestRun.Tolerances.For(c), t.ToString(), Profile: profile), null);
        }
        CliHarness.Result r = CliHarness.Run(["replay", folder.Path], fixtures: store);
        Assert.True(r.Code == 0, r.Out + r.Error);
        Assert.Contains("each judged by the profile it recorded, else: Profile strict (default for built-in subjects)", r.Out);
        Assert.Contains("Profile parity (default for a kernel that is not built in); tolerances from tolerances.parity.json", r.Out);
        Assert.True(seen["user.json"].NoWorseThanTorch);
        Assert.False(seen["ours.json"].NoWorseThanTorch);
        Assert.False(seen["recorded-strict.json"].NoWorseThanTorch);
        Assert.True(seen["recorded-parity.json"].NoWorseThanTorch);

        seen.Clear();
        CliHarness.Result forced = CliHarness.Run(["replay", folder.Path, "--profile", "strict"], fixtures: store);
        Assert.True(forced.Code == 0, forced.Out + forced.Error);
        Assert.All(seen.Values, t => Assert.False(t.NoWorseThanTorch));
    }
}
