using Harness.Cases;
using Harness.Comparison;
using Harness.Settings;
using Reference;

namespace PropertyTests.Engine;

/// <summary>The tolerance layers, later wins: defaults, then the file, then the environment (options: PropertyTests.Cli).</summary>
public sealed class ToleranceTableTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"tolerances-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_file);

    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public void Without_a_file_every_entry_is_torch_testing_default()
    {
        ToleranceTable t = ToleranceTable.Load(null, mustExist: false, NoEnvironment);
        Assert.Equal(Tolerance.AllClose(1e-5, 1.3e-6), t.For(SoftmaxOp.Softmax, Pass.Forward, DType.Float32));
        Assert.Equal(Tolerance.AllClose(1e-7, 1e-7), t.For(SoftmaxOp.LogSoftmax, Pass.Backward, DType.Float64));
    }

    [Fact]
    public void The_file_overrides_the_defaults_for_its_keys_only()
    {
        File.WriteAllText(_file, """{"schema": 1, "tolerances": {"softmax/forward/float32": {"mode": "ulp", "ulp": 3}}}""");
        ToleranceTable t = ToleranceTable.Load(_file, mustExist: true, NoEnvironment);
        Assert.Equal(Tolerance.Ulps(3), t.For(SoftmaxOp.Softmax, Pass.Forward, DType.Float32));
        Assert.Equal(Tolerance.TorchFloat64, t.For(SoftmaxOp.Softmax, Pass.Forward, DType.Float64));
    }

    [Fact]
    public void The_environment_overrides_the_file()
    {
        File.WriteAllText(_file, """{"schema": 1, "tolerances": {"softmax/forward/float32": {"mode": "ulp", "ulp": 3}}}""");
        var env = new Dictionary<string, string?> { ["HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32"] = "model:6" };
        Assert.Equal(Tolerance.Model(6), ToleranceTable.Load(_file, mustExist: true, env).For(SoftmaxOp.Softmax, Pass.Forward, DType.Float32));
    }

    [Fact]
    public void A_per_entry_variable_overrides_the_all_entries_variable()
    {
        var env = new Dictionary<string, string?> { ["HARNESS_TOLERANCE"] = "ulp:9", ["HARNESS_TOLERANCE_LOG_SOFTMAX_FORWARD_FLOAT64"] = "allclose:atol=0,rtol=1e-9" };
        ToleranceTable t = ToleranceTable.Load(null, mustExist: false, env);
        Assert.Equal(Tolerance.Ulps(9), t.For(SoftmaxOp.Softmax, Pass.Backward, DType.Float32));
        Assert.Equal(Tolerance.AllClose(0, 1e-9), t.For(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float64));
    }

    [Theory]
    [InlineData("""{"schema": 2}""", "'schema': expected 1, found 2")]
    [InlineData("""{"tolerances": {"softmax/forward/float16": {"mode": "ulp", "ulp": 1}}}""", "'softmax/forward/float16': expected a key of the form op/pass/dtype, e.g. softmax/forward/float32, found 'softmax/forward/float16'")]
    [InlineData("""{"tolerances": {"softmax/forward/float32": {"mode": "ulps", "ulp": 1}}}""", "'tolerances.softmax/forward/float32.mode': expected \"allclose\", \"ulp\" or \"model\", found \"ulps\"")]
    [InlineData("""{"tolerances": {"softmax/forward/float32": {"mode": "allclose", "atol": 1}}}""", "'tolerances.softmax/forward/float32.rtol': expected a non-negative number (mode allclose needs it), found nothing")]
    [InlineData("""{"tolerances": {"softmax/forward/float32": {"mode": "ulp", "ulp": -1}}}""", "'tolerances.softmax/forward/float32.ulp': expected a non-negative number, found -1")]
    [InlineData("""{"tolerances": {"softmax/forward/float32": {"mode": "ulp", "ulp": 1, "atoll": 2}}}""", "'tolerances.softmax/forward/float32.atoll': expected one of mode, atol, rtol, ulp, k, note, found an unknown key")]
    public void An_invalid_file_names_the_key_and_what_was_expected(string json, string message)
    {
        File.WriteAllText(_file, json);
        var e = Assert.Throws<SettingsException>(() => ToleranceTable.Load(_file, mustExist: true, NoEnvironment));
        Assert.Equal($"{_file}: {message}", e.Message);
    }

    [Fact]
    public void An_invalid_environment_value_names_the_variable()
    {
        var env = new Dictionary<string, string?> { ["HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32"] = "ulp:many" };
        var e = Assert.Throws<SettingsException>(() => ToleranceTable.Load(null, mustExist: false, env));
        Assert.Equal("environment: 'HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32': expected 'allclose:atol=A,rtol=R', 'ulp:N' or 'model:K' with non-negative numbers, found 'ulp:many'", e.Message);
    }

    [Fact]
    public void The_repository_file_parses()
    {
        string? path = ToleranceTable.FindFile(AppContext.BaseDirectory);
        Assert.NotNull(path);
        Assert.Equal(8, ToleranceTable.Load(path, mustExist: true, NoEnvironment).Entries.Count);
    }

    [Theory]
    [InlineData(ToleranceProfile.Strict, "tolerances.json")]
    [InlineData(ToleranceProfile.Parity, "tolerances.parity.json")]
    public void Each_profile_embeds_the_repositorys_file_byte_for_byte(ToleranceProfile profile, string file)
    {
        Assert.Equal(File.ReadAllText(Path.Combine(PropertyTests.Support.TestRun.RepositoryRoot, file)), ToleranceProfiles.Text(profile));
        ToleranceTable table = ToleranceProfiles.Load(profile, environment: NoEnvironment);
        Assert.Equal(8, table.Entries.Count);
        Assert.Equal(profile == ToleranceProfile.Parity, table.Entries.Values.All(t => t.NoWorseThanTorch));
    }

    [Fact]
    public void The_parity_rule_survives_every_later_layer()
    {
        var env = new Dictionary<string, string?> { ["HARNESS_TOLERANCE"] = "ulp:9" };
        ToleranceTable t = ToleranceProfiles.Load(ToleranceProfile.Parity, environment: env);
        Assert.Equal(Tolerance.Ulps(9) with { NoWorseThanTorch = true }, t.For(SoftmaxOp.Softmax, Pass.Forward, DType.Float32));
        Assert.True(t.With("option", "softmax/forward/float32", Tolerance.Model(1)).For(SoftmaxOp.Softmax, Pass.Forward, DType.Float32).NoWorseThanTorch);
    }
}
