using Harness.Cli;
using Harness.Comparison;
using Harness.Settings;
using PropertyTests.Support;

namespace PropertyTests.Cli;

/// <summary>Layering order: the profile's built-in file (or a custom file), then the environment, then options; each
/// later layer wins. Nothing is picked up from the working directory.</summary>
public sealed class SettingsLayeringTests : IDisposable
{
    private const string Key = "softmax/forward/float32";
    private readonly CliHarness.TempFolder _folder = new();

    public SettingsLayeringTests()
    {
        _folder.Write(ToleranceTable.FileName, """
            { "schema": 1, "tolerances": { "softmax/forward/float32": { "mode": "ulp", "ulp": 7, "k": 3 } } }
            """);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "sub"));
    }

    public void Dispose() => _folder.Dispose();

    private const string UserKernel = "/somewhere/Kernels.dll:My.Kernel";

    private ResolvedSettings Resolve(SettingsInputs? inputs = null, Dictionary<string, string?>? env = null, string[]? subjects = null) =>
        SettingsLayers.Resolve(inputs ?? new SettingsInputs(), env ?? new Dictionary<string, string?>(), Path.Combine(_folder.Path, "sub"), defaultSeed: 11, subjects);

    private string Sub(string name) => Path.Combine(_folder.Path, "sub", name);

    [Fact]
    public void Built_in_subjects_get_the_strict_profile_from_the_engine_and_this_repositorys_fixtures()
    {
        var s = Resolve();
        Assert.Equal(ToleranceProfile.Strict, s.Profile);
        Assert.Equal(ToleranceProfiles.Load(ToleranceProfile.Strict, environment: new Dictionary<string, string?>()).Entries, s.Tolerances.Entries);
        Assert.False(s.Tolerances.NoWorseThanTorch);
        Assert.Null(s.ToleranceFile);
        Assert.Equal(Path.Combine(TestRun.RepositoryRoot, "fixtures"), s.FixturesDirectory);
        Assert.Equal(11UL, s.Seed);
        Assert.Equal("default", s.SeedSource);
        Assert.StartsWith("Profile strict (default for built-in subjects); tolerances from tolerances.json built into Harness.Engine ", s.ProfileLine);
    }

    [Fact]
    public void A_kernel_that_is_not_built_in_gets_parity_and_its_failures_go_under_the_working_directory()
    {
        var s = Resolve(subjects: ["accurate", UserKernel]);
        Assert.Equal(ToleranceProfile.Parity, s.Profile);
        Assert.True(s.Tolerances.NoWorseThanTorch);
        Assert.True(s.Tolerances.Entries[Key].NoWorseThanTorch);
        Assert.Equal(Sub(SettingsLayers.UserFixturesFolder), s.FixturesDirectory);
        Assert.StartsWith("Profile parity (default for a kernel that is not built in); tolerances from tolerances.parity.json built into Harness.Engine ", s.ProfileLine);
    }

    [Fact]
    public void A_tolerance_file_in_or_above_the_working_directory_is_not_picked_up()
    {
        var strict = Resolve();
        var parity = Resolve(subjects: [UserKernel]);
        Assert.NotEqual(Tolerance.Ulps(7) with { K = 3 }, strict.Tolerances.Entries[Key]);
        Assert.NotEqual(Tolerance.Ulps(7) with { K = 3, NoWorseThanTorch = true }, parity.Tolerances.Entries[Key]);
        Assert.Null(strict.ToleranceFile);
        Assert.Null(parity.ToleranceFile);
    }

    [Fact]
    public void The_profile_option_wins_over_the_environment_which_wins_over_the_subjects()
    {
        var env = new Dictionary<string, string?> { ["HARNESS_PROFILE"] = "strict" };
        Assert.Equal(ToleranceProfile.Strict, Resolve(env: env, subjects: [UserKernel]).Profile);
        Assert.Equal("environment", Resolve(env: env, subjects: [UserKernel]).ProfileSource);
        var s = Resolve(new SettingsInputs { Profile = "parity" }, env);
        Assert.Equal(ToleranceProfile.Parity, s.Profile);
        Assert.Equal("option", s.ProfileSource);
        Assert.True(s.Tolerances.NoWorseThanTorch);
    }

    [Fact]
    public void An_unknown_profile_names_what_was_expected()
    {
        var e = Assert.Throws<SettingsException>(() => Resolve(new SettingsInputs { Profile = "lenient" }));
        Assert.Equal("--profile: 'profile': expected parity or strict, found 'lenient'", e.Message);
    }

    [Fact]
    public void A_custom_file_from_the_environment_replaces_the_profiles_file_and_keeps_its_rule()
    {
        var env = new Dictionary<string, string?> { ["HARNESS_TOLERANCES"] = Path.Combine(_folder.Path, ToleranceTable.FileName) };
        var s = Resolve(env: env, subjects: [UserKernel]);
        Assert.Equal(Tolerance.Ulps(7) with { K = 3, NoWorseThanTorch = true }, s.Tolerances.Entries[Key]);
        Assert.Equal(Path.Combine(_folder.Path, ToleranceTable.FileName), s.ToleranceFile);
        Assert.StartsWith($"Profile parity (default for a kernel that is not built in); tolerances from {s.ToleranceFile}", s.ProfileLine);
    }

    [Fact]
    public void Environment_overrides_the_file()
    {
        var env = new Dictionary<string, string?>
        {
            ["HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32"] = "model:9",
            ["HARNESS_SEED"] = "42",
            ["HARNESS_MAX_ELEMENTS"] = "100",
            ["HARNESS_FIXTURES"] = "/tmp/elsewhere",
        };
        var s = Resolve(env: env);
        Assert.Equal(Tolerance.Model(9), s.Tolerances.Entries[Key]);
        Assert.Equal(42UL, s.Seed);
        Assert.Equal("environment", s.SeedSource);
        Assert.Equal(100, s.MaxElements);
        Assert.Equal("/tmp/elsewhere", s.FixturesDirectory);
    }

    [Fact]
    public void Options_override_the_environment()
    {
        var env = new Dictionary<string, string?> { ["HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32"] = "model:9", ["HARNESS_SEED"] = "42", ["HARNESS_MAX_ELEMENTS"] = "100" };
        var s = Resolve(new SettingsInputs { ToleranceOverrides = [Key + "=ulp:2"], Seed = 5, MaxElements = 50, Fixtures = "f" }, env);
        Assert.Equal(Tolerance.Ulps(2), s.Tolerances.Entries[Key]);
        Assert.Equal(5UL, s.Seed);
        Assert.Equal("option", s.SeedSource);
        Assert.Equal(50, s.MaxElements);
        Assert.Equal(Path.Combine(_folder.Path, "sub", "f"), s.FixturesDirectory);
    }

    [Fact]
    public void Tolerance_mode_switches_to_the_stored_parameters_and_an_explicit_entry_still_wins()
    {
        ToleranceTable table = SettingsLayers.SwitchMode(ToleranceTable.Defaults.WithAll(Tolerance.Ulps(4) with { K = 3 }), "model");
        table = SettingsLayers.Override(table, Key + "=ulp:2");
        Assert.Equal(Tolerance.Model(3) with { MaxUlps = 4 }, table.Entries["softmax/backward/float64"]);
        Assert.Equal(Tolerance.Ulps(2), table.Entries[Key]);
    }

    [Fact]
    public void Tolerance_mode_without_stored_parameters_names_the_key()
    {
        var e = Assert.Throws<SettingsException>(() => Resolve(new SettingsInputs { ToleranceMode = "model", TolerancesFile = Path.Combine(_folder.Path, ToleranceTable.FileName) }));
        Assert.Equal("--tolerance-mode: 'log_softmax/backward/float32': expected a stored 'k' for mode model (run 'harness tune --write'), found none", e.Message);
    }

    [Fact]
    public void Tolerances_option_replaces_the_file_found()
    {
        string other = _folder.Write("other.json", """{ "schema": 1, "tolerances": { "softmax/forward/float32": { "mode": "ulp", "ulp": 1 } } }""");
        var s = Resolve(new SettingsInputs { TolerancesFile = other });
        Assert.Equal(Tolerance.Ulps(1), s.Tolerances.Entries[Key]);
    }
}
