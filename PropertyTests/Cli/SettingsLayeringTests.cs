using Harness.Cli;
using Harness.Comparison;
using Harness.Settings;

namespace PropertyTests.Cli;

/// <summary>Layering order: defaults, then tolerances.json, then the environment, then options; each later layer wins.</summary>
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

    private ResolvedSettings Resolve(SettingsInputs? inputs = null, Dictionary<string, string?>? env = null) =>
        SettingsLayers.Resolve(inputs ?? new SettingsInputs(), env ?? new Dictionary<string, string?>(), Path.Combine(_folder.Path, "sub"), defaultSeed: 11);

    [Fact]
    public void Defaults_apply_where_nothing_is_set()
    {
        var s = Resolve();
        Assert.Equal(Tolerance.TorchFloat64, s.Tolerances.Entries["softmax/forward/float64"]);
        Assert.Equal(11UL, s.Seed);
        Assert.Equal("default", s.SeedSource);
    }

    [Fact]
    public void File_found_by_walking_up_overrides_defaults()
    {
        var s = Resolve();
        Assert.Equal(Path.Combine(_folder.Path, ToleranceTable.FileName), s.ToleranceFile);
        Assert.Equal(Tolerance.Ulps(7) with { K = 3 }, s.Tolerances.Entries[Key]);
        Assert.Equal(Path.Combine(_folder.Path, "fixtures"), s.FixturesDirectory);
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
        var e = Assert.Throws<SettingsException>(() => Resolve(new SettingsInputs { ToleranceMode = "model" }));
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
