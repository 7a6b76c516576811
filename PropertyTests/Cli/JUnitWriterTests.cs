using System.Xml.Linq;
using Harness.Cli;
using Harness.Engine;
using Harness.Subjects;
using PropertyTests.Mutants;
using PropertyTests.Support;

namespace PropertyTests.Cli;

/// <summary>--junit: well-formed XML, one testcase per group, failure text for failing groups.</summary>
public sealed class JUnitWriterTests
{
    [Fact]
    public void JUnit_output_is_well_formed_with_one_testcase_per_group_and_the_failure_text()
    {
        var mutant = AllMutants.Create().Single(m => m.Name == "mutant-no-max-subtraction");
        var options = new CheckOptions
        {
            Subjects = [new KernelSubject(Subjects.Resolve("accurate")), new KernelSubject(mutant)],
            Ops = [Reference.SoftmaxOp.Softmax],
            Passes = [Harness.Cases.Pass.Forward],
            Cases = 60,
            Seed = 1,
            Tolerances = TestRun.Tolerances,
        };
        CheckReport report = CheckRunner.Run(options);
        var stream = new MemoryStream();
        JUnitWriter.Write(stream, report);
        XDocument doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));

        Assert.Equal("testsuites", doc.Root!.Name.LocalName);
        var cases = doc.Descendants("testcase").ToList();
        Assert.Equal(4, cases.Count);
        var failures = doc.Descendants("failure").ToList();
        Assert.Equal(report.Groups.Count(g => g.Failures > 0), failures.Count);
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Contains("mutant-no-max-subtraction disagrees with torch", f.Value));
        Assert.All(failures, f => Assert.Equal("harness.check.mutant-no-max-subtraction", f.Parent!.Attribute("classname")!.Value));
    }

    [Fact]
    public void A_subject_that_throws_reads_threw_with_its_frames_in_the_JUnit_failure()
    {
        CheckReport report = PropertyTests.Engine.DistinctFailuresTests.RunSeveralDefects(200);
        var stream = new MemoryStream();
        JUnitWriter.Write(stream, report);
        XElement failure = Assert.Single(XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray())).Descendants("failure"));
        Assert.Contains("threw IndexOutOfRangeException", failure.Attribute("message")!.Value);
        Assert.Contains("several-defects threw IndexOutOfRangeException on softmax/forward/float32", failure.Value);
        Assert.Contains("\nthrew IndexOutOfRangeException: Index was outside the bounds of the array.\n  at PropertyTests.Mutants.SeveralDefects.ReadPastTheRow(", failure.Value);
    }

    /// <summary>A CI matrix writes one file per shard: with --shard every suite and testcase name carries the shard, so
    /// the shards' testcases never collide when a CI server merges the files; the shard is also a property.</summary>
    [Fact]
    public void Shards_of_one_run_write_testcases_whose_names_never_collide()
    {
        using var folder = new CliHarness.TempFolder();
        var names = new List<string>();
        foreach (string shard in new[] { "1/2", "2/2" })
        {
            string file = Path.Combine(folder.Path, $"check-{shard[0]}.xml");
            var r = CliHarness.Run(["check", "--subject", "accurate", "--op", "softmax", "--pass", "forward", "--cases", "20", "--no-save", "--shard", shard, "--junit", file]);
            Assert.Equal(ExitCodes.Passed, r.Code);
            XDocument doc = XDocument.Load(file);
            Assert.Equal($"harness check [shard {shard}]", doc.Root!.Attribute("name")!.Value);
            Assert.Contains(doc.Descendants("property"), p => p.Attribute("name")!.Value == "shard" && p.Attribute("value")!.Value == shard);
            names.AddRange(doc.Descendants("testcase").Select(t => t.Attribute("classname")!.Value + "::" + t.Attribute("name")!.Value));
        }
        Assert.Equal(4, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains("harness.check.accurate.shard-2-of-2::softmax/forward/float32 [shard 2/2]", names);
    }
}
