using System.Xml.Linq;
using Harness.Cli;
using PropertyTests.Cli;

namespace PropertyTests.Fixtures;

/// <summary>`replay --junit` (issue #19): a run that ends with exit 2 still writes the file, saying why.</summary>
public sealed class ReplayJUnitTests
{
    [Theory]
    [InlineData("replay", "/no/such/fixtures", "does not exist")]
    [InlineData("replay", "--no-such-option", "--no-such-option")]
    [InlineData("check", "--cases=-1", "--cases")]
    public void Exit_2_still_writes_a_JUnit_file_saying_why(string command, string argument, string says)
    {
        using var folder = new ScratchFolder();
        string junit = Path.Combine(folder.Path, "out", "junit.xml");

        var result = CliHarness.Run([command, argument, "--junit", junit]);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        XElement error = XDocument.Load(junit).Descendants("error").Single();
        Assert.Equal("usage (exit 2)", error.Attribute("type")!.Value);
        Assert.Contains(says, error.Attribute("message")!.Value);
        Assert.Equal($"harness.{command}", XDocument.Load(junit).Root!.Element("testsuite")!.Attribute("name")!.Value);
    }
}

/// <summary>Folder replay streams: each fixture is loaded, run and released before the next one is loaded, so the
/// memory of a run is that of its largest fixture, not of the folder (measured: see fixtures/README.md, "Replay").</summary>
public sealed class ReplayStreamingTests
{
    [Fact]
    public void Replay_loads_each_fixture_only_after_the_previous_one_ran()
    {
        using var folder = new ScratchFolder();
        var store = new RecordingFixtures();
        foreach (string name in new[] { "a.json", "b.json", "c.json" })
        {
            string path = Path.Combine(folder.Path, name);
            File.WriteAllText(path, "{}");
            var c = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
            store.Files[path] = new FixtureItem(path, new FixtureView(c, "accurate", c.X, c.X, FixtureSamples.Make(c, c.X, c.X).Tolerance, "t"), null);
        }

        CliHarness.Run(["replay", folder.Path], fixtures: store);

        Assert.Equal(["files", "load a.json", "replay a.json", "load b.json", "replay b.json", "load c.json", "replay c.json"], store.Calls);
    }

    private sealed class RecordingFixtures : IFixtureBridge
    {
        private readonly MemoryFixtures _inner = new();

        public Dictionary<string, FixtureItem> Files => _inner.Files;

        public List<string> Calls { get; } = [];

        public string Save(string directory, Harness.Engine.FailureReport failure) => _inner.Save(directory, failure);

        IReadOnlyList<string> IFixtureBridge.Files(string fileOrDirectory)
        {
            Calls.Add("files");
            return ((IFixtureBridge)_inner).Files(fileOrDirectory);
        }

        public FixtureItem Load(string file, string? shownAs = null)
        {
            Calls.Add("load " + Path.GetFileName(file));
            return _inner.Load(file);
        }

        public void CheckTrust(FixtureItem item) { }

        public (bool Passed, string Text) Replay(FixtureItem item, Harness.Subjects.KernelSubject subject, Harness.Subjects.ICaseEvaluator oracle, Harness.Comparison.Tolerance tolerance)
        {
            Calls.Add("replay " + Path.GetFileName(item.Path));
            return (true, "ok");
        }
    }
}
