using System.Globalization;
using System.Text;
using System.Xml;
using Harness.Engine;

namespace Harness.Cli;

/// <summary>
/// Writes a check run as JUnit XML (the format CI servers read): one testsuite per subject, one testcase per
/// op x pass x dtype; a failing group carries the shrunk failures' text. XmlWriter escapes the text, so any
/// failure message (NaN, quotes, control characters aside) stays well-formed.
/// </summary>
public static partial class JUnitWriter
{
    // properties: more run properties for every testsuite (check writes the profile and the tolerance source).
    // shard: (K, N) 1-based when the run is one shard of N: every suite and testcase name carries it, so the files of
    // a CI matrix merge without two testcases of the same name.
    public static void Write(string path, CheckReport report, IReadOnlyList<(string Name, string Value)>? properties = null, (int K, int N)? shard = null)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var stream = File.Create(path);
        Write(stream, report, properties, shard);
    }

    public static void Write(Stream stream, CheckReport report, IReadOnlyList<(string Name, string Value)>? properties = null, (int K, int N)? shard = null)
    {
        string runName = shard is { } sh ? $"harness check [shard {sh.K}/{sh.N}]" : "harness check";
        string suffix = shard is { } s2 ? $".shard-{s2.K}-of-{s2.N}" : "";
        string caseSuffix = shard is { } s3 ? $" [shard {s3.K}/{s3.N}]" : "";
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = false };
        using XmlWriter xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", runName);
        xml.WriteAttributeString("tests", Count(report.Groups.Count));
        xml.WriteAttributeString("failures", Count(report.Groups.Count(g => g.Failures > 0)));
        xml.WriteAttributeString("time", Seconds(report.Elapsed));
        foreach (var suite in report.Groups.GroupBy(g => g.Subject))
        {
            Suite(xml, $"harness.check.{suite.Key}{suffix}", suite.Count(), suite.Count(g => g.Failures > 0), 0, TimeSpan.FromTicks(suite.Sum(g => g.Elapsed.Ticks)));
            xml.WriteStartElement("properties");
            Property(xml, "seed", report.Seed.ToString(CultureInfo.InvariantCulture));
            if (shard is { } s4) Property(xml, "shard", $"{s4.K}/{s4.N}");
            foreach (var (name, value) in properties ?? []) Property(xml, name, value);
            xml.WriteEndElement();
            foreach (GroupResult g in suite)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", $"harness.check.{suite.Key}{suffix}");
                xml.WriteAttributeString("name", g.Kind + caseSuffix);
                xml.WriteAttributeString("time", Seconds(g.Elapsed));
                if (g.Failures > 0)
                {
                    xml.WriteStartElement("failure");
                    // The distinct kinds in the message: a subject that threw says so, not "disagrees with torch".
                    string kinds = string.Join("; ", g.Shrunk.Select(f => f.Kind.ToString()).Distinct());
                    xml.WriteAttributeString("message", $"{g.Failures} of {g.Cases} cases fail" + (kinds.Length > 0 ? $": {kinds}" : ""));
                    xml.WriteAttributeString("type", g.Shrunk.Count > 0 && g.Shrunk.All(f => f.Thrown is not null) ? "threw" : "mismatch");
                    xml.WriteString(Clean(string.Join("\n\n", g.Shrunk.Select(f => f.Describe()))));
                    xml.WriteEndElement();
                }
                xml.WriteStartElement("system-out");
                xml.WriteString($"{g.Cases} cases, worst abs {g.MaxAbsError:R}, worst rel {g.MaxRelError:R}, worst ULP {g.MaxUlpError:R}");
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    // XML 1.0 cannot hold most control characters even escaped; a subject's exception message might carry one.
    private static string Clean(string text) =>
        new(text.Select(c => c is '\n' or '\t' or '\r' || !char.IsControl(c) ? c : '?').ToArray());

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
