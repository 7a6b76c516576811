using Harness.Cli;

namespace PropertyTests.Cli;

/// <summary>An invalid tolerance file is one line naming the file and the key, exit code 2.</summary>
public sealed class ToleranceFileErrorTests : IDisposable
{
    private readonly CliHarness.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("""{ "schema": 1, "tolerances": { "softmax/forward/float32": { "mode": "ulp" } } }""", "'tolerances.softmax/forward/float32.ulp': expected a non-negative number (mode ulp needs it), found nothing")]
    [InlineData("""{ "schema": 1, "tolerances": { "softmax/forward/float32": { "mode": "exact", "ulp": 1 } } }""", "'tolerances.softmax/forward/float32.mode': expected \"allclose\", \"ulp\" or \"model\", found \"exact\"")]
    [InlineData("""{ "schema": 1, "tolerances": { "softmax/forward/float32": { "mode": "ulp", "ulp": -4 } } }""", "'tolerances.softmax/forward/float32.ulp': expected a non-negative number, found -4")]
    [InlineData("""{ "schema": 1, "tolerances": { "softmax/forwards/float32": { "mode": "ulp", "ulp": 4 } } }""", "'softmax/forwards/float32': expected a key of the form op/pass/dtype")]
    [InlineData("""{ "schema": 2 }""", "'schema': expected 1, found 2")]
    [InlineData("""{ "schema": 1, "tolerance": {} }""", "'tolerance': expected one of 'schema', 'tolerances', 'comment', found an unknown key")]
    [InlineData("""{ "schema": 1, """, "is not valid JSON")]
    public void Invalid_tolerance_file_names_the_key_on_one_line(string json, string expected)
    {
        string file = _folder.Write("bad.json", json);
        var result = CliHarness.Run(["check", "--tolerances", file, "--cases", "1"]);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith($"error: {file}: ", result.Error);
        Assert.Contains(expected, result.Error);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Invalid_environment_tolerance_names_the_variable()
    {
        var result = CliHarness.Run(["check", "--cases", "1"], new Dictionary<string, string?> { ["HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32"] = "ulp:x" });
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith("error: environment: 'HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32': expected", result.Error);
    }
}
