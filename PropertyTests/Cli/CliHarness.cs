using Harness.Cli;
using Harness.Comparison;
using Harness.Engine;
using Harness.Subjects;
using PropertyTests.Support;

namespace PropertyTests.Cli;

/// <summary>Runs the tool in-process with captured output, a given environment and working directory, and an
/// in-memory fixture store.</summary>
internal static class CliHarness
{
    public sealed record Result(int Code, string Out, string Error);

    public static Result Run(string[] args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, IFixtureBridge? fixtures = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(new Terminal(output, error, Interactive: false), environment ?? new Dictionary<string, string?>(),
            workingDirectory ?? TestRun.RepositoryRoot, fixtures ?? new MemoryFixtures());
        int code = App.Run(args, context);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>A temporary folder, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("harness-cli-").FullName;

        public string Write(string name, string text)
        {
            string file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, text);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The fixture store as the tool sees it, in memory: files are keys, saving records the failure.</summary>
internal sealed class MemoryFixtures : IFixtureBridge
{
    public Dictionary<string, FixtureItem> Files { get; } = new();
    public List<FailureReport> Saved { get; } = [];

    public string Save(string directory, FailureReport failure)
    {
        Saved.Add(failure);
        return System.IO.Path.Combine(directory, $"saved-{Saved.Count}.json");
    }

    IReadOnlyList<string> IFixtureBridge.Files(string fileOrDirectory) =>
        Files.Keys.Where(k => k == fileOrDirectory || k.StartsWith(fileOrDirectory + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    public FixtureItem Load(string file, string? shownAs = null) => Files[file];

    public void CheckTrust(FixtureItem item) { }

    /// <summary>Called with every replayed item and the tolerance it was judged by.</summary>
    public Action<FixtureItem, Tolerance>? OnReplay { get; set; }

    public (bool Passed, string Text) Replay(FixtureItem item, KernelSubject subject, ICaseEvaluator oracle, Tolerance tolerance)
    {
        OnReplay?.Invoke(item, tolerance);
        var c = item.Fixture!.Case;
        Verdict v = Comparer.Compare(c, oracle.Evaluate(c), subject.Evaluate(c), tolerance);
        return (v.Passed, v.Passed ? "passes" : v.Describe());
    }
}
