using Harness.Comparison;
using Harness.Settings;
using Harness.Tuning;
using PropertyTests.Support;

namespace PropertyTests.Cli;

/// <summary>`tune --write`: canonical, stable output; only the tuned keys change; the comment stays.</summary>
public sealed class ToleranceFileWriterTests
{
    private const string Original = """
        {
          "schema": 1,
          "comment": "Keep me: 'quoted' words stay as written.",
          "tolerances": {
            "softmax/forward/float32": { "mode": "allclose", "atol": 1e-05, "rtol": 1.3e-06, "note": "torch.testing default for float32" },
            "softmax/forward/float64": { "mode": "allclose", "atol": 1e-07, "rtol": 1e-07, "note": "torch.testing default for float64" }
          }
        }

        """;

    private static readonly Dictionary<string, (Tolerance, string)> Nothing = new();

    [Fact]
    public void The_repository_file_is_in_canonical_form() =>
        Assert.Equal(File.ReadAllText(Path.Combine(TestRun.RepositoryRoot, ToleranceTable.FileName)),
            ToleranceFileWriter.Render(File.ReadAllText(Path.Combine(TestRun.RepositoryRoot, ToleranceTable.FileName)), Nothing));

    [Fact]
    public void Rendering_with_nothing_tuned_gives_the_same_bytes() =>
        Assert.Equal(Original.ReplaceLineEndings("\n"), ToleranceFileWriter.Render(Original, Nothing));

    [Fact]
    public void Only_the_tuned_key_changes_and_the_comment_stays()
    {
        var tuned = new Dictionary<string, (Tolerance, string)>
        {
            ["softmax/forward/float64"] = (new Tolerance(ToleranceMode.Model, 3e-14, 2.9e-14, 1024, 5.4), "tuned"),
        };
        string text = ToleranceFileWriter.Render(Original, tuned);
        string[] lines = text.Split('\n');
        string[] before = Original.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(before.Length, lines.Length);
        Assert.Equal(before[2], lines[2]);
        Assert.Equal(before[4], lines[4]);
        Assert.Equal("    \"softmax/forward/float64\": { \"mode\": \"model\", \"atol\": 3e-14, \"rtol\": 2.9e-14, \"ulp\": 1024, \"k\": 5.4, \"note\": \"tuned\" }", lines[5]);
        ToleranceTable reread = ToleranceTable.Defaults.Overlay(WriteTemp(text));
        Assert.Equal(Tolerance.Model(5.4) with { Atol = 3e-14, Rtol = 2.9e-14, MaxUlps = 1024 }, reread.Entries["softmax/forward/float64"]);
        Assert.Equal(text, ToleranceFileWriter.Render(text, tuned));
    }

    [Fact]
    public void New_keys_go_in_canonical_order()
    {
        var tuned = new Dictionary<string, (Tolerance, string)> { ["log_softmax/backward/float64"] = (Tolerance.Ulps(4), ""), ["softmax/backward/float32"] = (Tolerance.Ulps(8), "") };
        string[] keys = ToleranceFileWriter.Render(Original, tuned).Split('\n').Where(l => l.StartsWith("    \"")).Select(l => l.Split('"')[1]).ToArray();
        Assert.Equal(["softmax/forward/float32", "softmax/forward/float64", "softmax/backward/float32", "log_softmax/backward/float64"], keys);
    }

    [Theory]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1.3e-06, "1.3e-06")]
    [InlineData(24, "24")]
    [InlineData(0.004, "0.004")]
    [InlineData(2.3e+307, "2.3e+307")]
    public void Numbers_are_shortest_round_trip_with_a_lower_case_exponent(double v, string text) =>
        Assert.Equal(text, ToleranceFileWriter.Number(v));

    private static string WriteTemp(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tolerances-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }
}
