using System.Text;
using System.Xml;

namespace Harness.Cli;

public static partial class JUnitWriter
{
    /// <summary>One replayed fixture: its name (the path as shown, unique and stable for a run from the same folder),
    /// the kind of failure (null when it passed: malformed, untrusted, subject, threw, mismatch) and its report.</summary>
    public sealed record ReplayResult(string Name, string? Failure, string? Text, TimeSpan Elapsed);

    /// <summary>A replay run as JUnit XML: one testsuite "harness.replay", one testcase per fixture file.</summary>
    public static void WriteReplay(string path, IReadOnlyList<ReplayResult> results, TimeSpan elapsed)
    {
        using (XmlWriter xml = Open(path))
        {
            Suites(xml, "harness replay", results.Count, results.Count(r => r.Failure is not null), 0, elapsed);
            Suite(xml, "harness.replay", results.Count, results.Count(r => r.Failure is not null), 0, elapsed);
            foreach (ReplayResult r in results)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", "harness.replay");
                xml.WriteAttributeString("name", r.Name);
                xml.WriteAttributeString("time", Seconds(r.Elapsed));
                if (r.Failure is { } kind)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", Clean((r.Text ?? kind).Split('\n')[0]));
                    xml.WriteAttributeString("type", kind);
                    xml.WriteString(Clean(r.Text ?? kind));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
    }

    /// <summary>A run that ended with exit 2 (bad usage or bad input) before it could report anything: one testcase
    /// with an error saying why, so CI shows the reason instead of a missing file.</summary>
    public static void WriteUsageError(string path, string command, string message)
    {
        using (XmlWriter xml = Open(path))
        {
            string name = "harness." + command;
            Suites(xml, "harness " + command, 1, 0, 1, TimeSpan.Zero);
            Suite(xml, name, 1, 0, 1, TimeSpan.Zero);
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", name);
            xml.WriteAttributeString("name", "harness " + command + " (usage)");
            xml.WriteAttributeString("time", Seconds(TimeSpan.Zero));
            xml.WriteStartElement("error");
            xml.WriteAttributeString("message", Clean(message.ReplaceLineEndings(" ")));
            xml.WriteAttributeString("type", "usage (exit 2)");
            xml.WriteString(Clean(message));
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
    }

    /// <summary>The value of <c>--junit FILE</c> or <c>--junit=FILE</c> in raw arguments (for runs that failed to
    /// parse), made absolute against <paramref name="workingDirectory"/>; null when absent.</summary>
    public static string? FindJUnitPath(IReadOnlyList<string> args, string workingDirectory)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--junit" && i + 1 < args.Count && !args[i + 1].StartsWith('-')) return Path.GetFullPath(args[i + 1], workingDirectory);
            if (args[i].StartsWith("--junit=", StringComparison.Ordinal) && args[i].Length > 8) return Path.GetFullPath(args[i][8..], workingDirectory);
        }
        return null;
    }

    private static XmlWriter Open(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        Stream stream = File.Create(path);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = false, CloseOutput = true };
        XmlWriter xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        return xml;
    }

    private static void Suites(XmlWriter xml, string name, int tests, int failures, int errors, TimeSpan elapsed) =>
        StartCounted(xml, "testsuites", name, tests, failures, errors, elapsed);

    private static void Suite(XmlWriter xml, string name, int tests, int failures, int errors, TimeSpan elapsed) =>
        StartCounted(xml, "testsuite", name, tests, failures, errors, elapsed);

    /// <summary>Opens <paramref name="element"/> with JUnit's name, count and time attributes.</summary>
    private static void StartCounted(XmlWriter xml, string element, string name, int tests, int failures, int errors, TimeSpan elapsed)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("tests", Count(tests));
        xml.WriteAttributeString("failures", Count(failures));
        xml.WriteAttributeString("errors", Count(errors));
        xml.WriteAttributeString("time", Seconds(elapsed));
    }
}
