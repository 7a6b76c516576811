using System.Text;
using Harness.Cases;
using Harness.Cli;
using Harness.Fixtures;
using Harness.Inputs;
using PropertyTests.Mutants;

namespace PropertyTests.Cli;

/// <summary>Issue #18, item 9: `check --input FILE` runs exactly the given cases through the same pipeline;
/// `--save-inputs` turns each into a fixture; a malformed file names the file, the entry and the field.</summary>
public sealed class InputOptionTests : IDisposable
{
    private const string Report = """
        [
          {"name": "masked row", "op": "softmax", "pass": "forward", "dtype": "float32", "shape": [2, 3], "dim": -1, "x": [0, "-Infinity", 2, 1, 2, 0.1]},
          {"op": "log_softmax", "pass": "backward", "dtype": "float64", "shape": [2], "dim": 0, "x": [0, 1], "dy": [1, -1]}
        ]
        """;

    private static readonly string Spec = $"{typeof(SeveralDefects).Assembly.Location}:{typeof(SeveralDefects).FullName}";
    private readonly CliHarness.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_input_file_reads_as_cases_with_float32_values_rounded_and_special_values_named()
    {
        IReadOnlyList<InputCases.Entry> entries = InputCases.Parse("report.json", Encoding.UTF8.GetBytes(Report));
        Assert.Equal(2, entries.Count);
        Case first = entries[0].Case;
        Assert.Equal("report.json#0 (masked row)", entries[0].Label);
        Assert.Equal([2, 3], first.Shape);
        Assert.Equal(-1, first.Dim);
        Assert.Equal(double.NegativeInfinity, first.X[1]);
        Assert.Equal((double)0.1f, first.X[5]);
        Assert.Equal(InputCases.Regime, first.Regime);
        Assert.Equal([1.0, -1.0], entries[1].Case.Dy!);
        Assert.Equal("report.json#1", entries[1].Label);
    }

    [Theory]
    [InlineData("""[{"op": "softmx", "pass": "forward", "dtype": "float32", "shape": [1], "dim": 0, "x": [1]}]""", 0, "[0].op")]
    [InlineData("""[{"op": "softmax", "pass": "forward", "dtype": "float32", "shape": [2, -3], "dim": 0, "x": []}]""", 0, "[0].shape[1]")]
    [InlineData("""[{"op": "softmax", "pass": "forward", "dtype": "float32", "shape": [3], "dim": 0, "x": [1, 2]}]""", 0, "[0].x")]
    [InlineData("""[{"op": "softmax", "pass": "forward", "dtype": "float32", "shape": [2], "dim": 0, "x": [1, "one"]}]""", 0, "[0].x[1]")]
    [InlineData("""[{"op": "softmax", "pass": "forward", "dtype": "float32", "shape": [2], "dim": 2, "x": [1, 2]}]""", 0, "[0].dim")]
    [InlineData("""[{"op": "softmax", "pass": "forward", "dtype": "float64", "shape": [1], "dim": 0, "x": [1]}, {"op": "softmax", "pass": "backward", "dtype": "float64", "shape": [1], "dim": 0, "x": [1]}]""", 1, "[1].dy")]
    [InlineData("""[{"op": "softmax", "pass": "forward", "dtype": "float64", "shape": [1], "dim": 0, "x": [1], "dy": [1]}]""", 0, "[0].dy")]
    [InlineData("""[{"op": "softmax", "pass": "forward", "dtype": "float64", "shape": [1], "dim": 0, "x": [1], "comment": "hi"}]""", 0, "[0].comment")]
    [InlineData("""[{"op": "softmax", "pass": "forward", "dtype": "float32", "shape": [1], "dim": 0, "x": [1e39]}]""", 0, "[0].x[0]")]
    public void A_malformed_entry_names_the_file_the_entry_and_the_field(string json, int entry, string field)
    {
        var e = Assert.Throws<InputFormatException>(() => InputCases.Parse("report.json", Encoding.UTF8.GetBytes(json)));
        Assert.Equal(entry, e.Entry);
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"Input 'report.json' is malformed: entry {entry}: ", e.Message);
        Assert.Contains($"\n  Field:     {field}\n", e.Message);
    }

    [Fact]
    public void A_malformed_input_is_one_line_on_stderr_and_exit_2()
    {
        string file = _folder.Write("bad.json", """[{"op": "softmax", "pass": "forward", "dtype": "float32", "shape": [2, -3], "dim": 0, "x": []}]""");
        var result = CliHarness.Run(["check", "--input", file]);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal($"error: --input: Input '{file}' is malformed: entry 0: wrong type   Field:     [0].shape[1]   Expected:  a non-negative integer   Found:     -3\n", result.Error);
    }

    [Fact]
    public void Check_input_runs_exactly_the_given_cases()
    {
        string file = _folder.Write("report.json", Report);
        var result = CliHarness.Run(["check", "--subject", "accurate", "--input", file, "--no-save"]);
        Assert.Equal(ExitCodes.Passed, result.Code);
        Assert.Contains($"; 2 input case(s) from {file}\n", result.Out);
        Assert.Contains("PASSED: 2 cases in 2 groups", result.Out);
    }

    [Fact]
    public void ShouldFail_check_input_reports_the_entry_and_save_inputs_turns_every_entry_into_a_fixture()
    {
        string file = _folder.Write("report.json", Report);
        var store = new MemoryFixtures();
        var result = CliHarness.Run(["check", "--subject", Spec, "--input", file, "--save-inputs"], fixtures: store);
        Assert.Equal(ExitCodes.Mismatches, result.Code);
        Assert.Contains("\n  Input:     report.json#0 (masked row)\n", result.Out);
        Assert.Contains($" --input {file}\n", result.Out);
        Assert.Contains("Saved input report.json#0 (masked row) (softmax/forward/float32 several-defects, fails now): ", result.Out);
        Assert.Contains("Saved input report.json#1 (log_softmax/backward/float64 several-defects, passes now): ", result.Out);

        // One shrunk failure, plus both entries as they are.
        var asGiven = store.Saved.Where(f => f.ShrinkSteps == 0 && f.Input is not null).OrderBy(f => f.Input).ToList();
        Assert.Equal(2, asGiven.Count);
        Fixture fixture = FailureFixtures.From(asGiven[0]);
        Assert.Equal("input:report.json#0 (masked row)", fixture.ReplayToken);
        Fixture back = FixtureJson.Deserialize("memory.json", Encoding.UTF8.GetBytes(FixtureJson.Serialize(fixture)), FixtureLimits.Default);
        Case given = InputCases.Parse("report.json", Encoding.UTF8.GetBytes(Report))[0].Case;
        Assert.Equal(given.Shape, back.Case.Shape);
        Assert.Equal(given.X, back.Case.X);
        Assert.Equal(given.Dim, back.Case.Dim);
    }
}
