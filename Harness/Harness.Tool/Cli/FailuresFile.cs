using System.Text;
using System.Text.Json;
using Harness.Engine;

namespace Harness.Cli;

/// <summary>
/// Every failing case of a check run as JSON (issue #18, item 4), for tools: written by `--failures FILE`, and beside
/// the JUnit file (FILE.failures.json for `--junit FILE.xml`) when `--junit` is given. Format (docs/cli.md):
/// <code>
/// {"seed": 20261124, "cases": 400, "failures": 148,
///  "groups": [{"subject": "SPEC", "kind": "softmax/forward/float32", "cases": 400, "failures": 148,
///              "failuresPerRegime": {"empty": 13, ...},
///              "distinct": [{"token": "...", "kind": "threw NotSupportedException", "regime": "empty", "now": "empty",
///                            "shape": [0], "dim": -1, "similar": 13, "fixture": "fixtures/....json"}, ...],
///              "failing": [{"token": "softmax/forward/float32@20261124:1", "kind": "NaN where torch is finite", "regime": "masked"}, ...]}]}
/// </code>
/// </summary>
public static class FailuresFile
{
    /// <summary>The failures file beside a JUnit file: check.junit.xml gives check.junit.failures.json.</summary>
    public static string BesideJUnit(string junitPath) => Path.ChangeExtension(junitPath, ".failures.json");

    public static void Write(string path, CheckReport report, IReadOnlyDictionary<string, string> specs)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, Serialize(report, specs), new UTF8Encoding(false));
    }

    /// <param name="report">The run.</param>
    /// <param name="specs">Subject name to the spec that loads it (a DLL's path:type).</param>
    public static string Serialize(CheckReport report, IReadOnlyDictionary<string, string> specs)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("seed", report.Seed);
            w.WriteNumber("cases", report.Cases);
            w.WriteNumber("failures", report.Failures);
            w.WriteStartArray("groups");
            foreach (GroupResult g in report.Groups.Where(g => g.Failures > 0))
            {
                w.WriteStartObject();
                w.WriteString("subject", specs.GetValueOrDefault(g.Subject, g.Subject));
                w.WriteString("kind", g.Kind);
                w.WriteNumber("cases", g.Cases);
                w.WriteNumber("failures", g.Failures);
                w.WriteStartObject("failuresPerRegime");
                foreach (var (regime, count) in g.FailuresByRegime) w.WriteNumber(regime, count);
                w.WriteEndObject();
                w.WriteStartArray("distinct");
                foreach (FailureReport f in g.Shrunk)
                {
                    w.WriteStartObject();
                    w.WriteString("token", f.Input ?? f.Token.ToString());
                    w.WriteString("kind", f.Kind.ToString());
                    w.WriteString("regime", f.OriginalRegime);
                    w.WriteString("now", f.ShrunkRegime);
                    w.WriteStartArray("shape");
                    foreach (int s in f.Shrunk.Case.Shape) w.WriteNumberValue(s);
                    w.WriteEndArray();
                    w.WriteNumber("dim", f.Shrunk.Case.Dim);
                    w.WriteNumber("similar", f.Similar);
                    if (f.FixturePath is null) w.WriteNull("fixture");
                    else w.WriteString("fixture", f.FixturePath);
                    if (f.Thrown is { } thrown) w.WriteString("error", thrown.Headline);
                    if (f.Shrunk.Isolation is { } isolation)
                    {
                        // Backward only: did the subject's own forward already disagree, and does its backward fail on torch's forward output?
                        w.WriteBoolean("forwardDisagrees", isolation.ForwardDisagreed);
                        w.WriteBoolean("isolatedFails", isolation.IsolatedFailed);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("failing");
                foreach (FailingCase f in g.Failing)
                {
                    w.WriteStartObject();
                    w.WriteString("token", f.Label);
                    w.WriteString("kind", f.Kind.ToString());
                    w.WriteString("regime", f.Regime);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
