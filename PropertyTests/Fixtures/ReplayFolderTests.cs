using System.Xml.Linq;
using Harness.Cases;
using Harness.Cli;
using Harness.Fixtures;
using PropertyTests.Cli;

namespace PropertyTests.Fixtures;

/// <summary>
/// Issue #20's acceptance test: a folder holding good fixtures and every kind of bad file (malformed, lone surrogate
/// escapes, numbers beyond the dtype's range, an edited case, a misnamed file, an oversized file, an empty file, a FIFO,
/// a subject that throws, a subject DLL outside the repository) replays every good fixture and names every bad one, exit 1.
/// </summary>
public sealed class ReplayFolderTests : IDisposable
{
    // Inside the repository (under the test binaries): the repository holding these fixtures is this one, so the
    // test assembly's own DLL (the throwing subject) is trusted and a DLL elsewhere is not.
    private readonly string _folder = Path.Combine(AppContext.BaseDirectory, "replay-folder-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _good = [];
    private readonly List<(string Name, string Says)> _bad = [];
    private readonly string? _fifo;

    public ReplayFolderTests()
    {
        Directory.CreateDirectory(_folder);
        string repositoryFixtures = Path.Combine(FixtureSamples.RepositoryRoot, "fixtures");
        foreach (string file in FixtureLoader.Files(repositoryFixtures).Where(f => new FileInfo(f).Length < 8192).Take(4))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
            _good.Add(Path.GetFileName(file));
        }
        foreach (string file in Directory.GetFiles(FixtureSamples.BadFixtures, "*.json"))
        {
            string name = Path.GetFileName(file);
            File.Copy(file, Path.Combine(_folder, name));
            if (name == BadFixtureTests.ValidControl) _good.Add(name);
            else _bad.Add((name, "is malformed: "));
        }
        // Over the reader's 64 MiB: a sparse file, refused from its length before a byte is read.
        string oversized = Path.Combine(_folder, "softmax-forward-float32-ffffffffffffffff.json");
        using (var stream = File.Create(oversized)) stream.SetLength(FixtureLimits.DefaultMaxFileBytes + 1);
        _bad.Add((Path.GetFileName(oversized), "is malformed: file too large"));

        // Empty, and a FIFO (whose open would wait for a writer forever): both named, neither opened.
        string empty = Path.Combine(_folder, "softmax-forward-float32-eeeeeeeeeeeeeeee.json");
        File.WriteAllBytes(empty, []);
        _bad.Add((Path.GetFileName(empty), "is malformed: empty file"));
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _fifo = Path.Combine(_folder, "softmax-forward-float32-dddddddddddddddd.json");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [_fifo])) mkfifo.WaitForExit();
            Assert.True(File.Exists(_fifo), "mkfifo did not make " + _fifo);
            _bad.Add((Path.GetFileName(_fifo), "is malformed: empty file"));
        }

        var store = new FixtureStore(_folder);
        Case throwing = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
        _bad.Add((Path.GetFileName(store.Save(FixtureSamples.Make(throwing, throwing.X, throwing.X, subject: ThrowingKernel.Spec))),
            "throwing threw ArgumentException: " + ThrowingKernel.Message));
        Case untrusted = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 7]);
        _bad.Add((Path.GetFileName(store.Save(FixtureSamples.Make(untrusted, untrusted.X, untrusted.X, subject: "/elsewhere/Kernels.dll:Evil.Kernel"))),
            "not run: its DLL /elsewhere/Kernels.dll is outside " + FixtureSamples.RepositoryRoot));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Replay_of_a_folder_runs_every_good_fixture_and_names_every_bad_one()
    {
        string junit = _folder + ".junit.xml";
        try
        {
            var replay = Task.Run(() => CliHarness.Run(["replay", _folder, "--junit", junit], fixtures: new FixtureBridge()));
            if (await Task.WhenAny(replay, Task.Delay(TimeSpan.FromSeconds(60))) != replay)
            {
                // a reader blocked opening the FIFO: give it a writer, so that it and this test can end
                if (_fifo is not null) using (new FileStream(_fifo, FileMode.Open, FileAccess.Write)) { }
                Assert.Fail("replay did not finish within 60 s: it opened the FIFO " + _fifo + " and waited for a writer");
            }
            var result = await replay;

            Assert.True(result.Code == ExitCodes.Mismatches, $"exit {result.Code}\n{result.Out}\n{result.Error}");
            Assert.Equal("", result.Error);
            string[] lines = result.Out.Split('\n');
            foreach (string good in _good) Assert.Contains(lines, l => l.StartsWith("PASS  ", StringComparison.Ordinal) && l.Contains(good, StringComparison.Ordinal));
            foreach (var (bad, says) in _bad)
            {
                string? line = lines.SingleOrDefault(l => l.StartsWith("FAIL  ", StringComparison.Ordinal) && l.Contains("/" + bad, StringComparison.Ordinal));
                Assert.True(line is not null, $"{bad}: no FAIL line\n{result.Out}");
                int at = Array.IndexOf(lines, line);
                Assert.True(string.Join("\n", lines.Skip(at).Take(8)).Contains(says, StringComparison.Ordinal), $"{bad}: expected '{says}'\n{string.Join("\n", lines.Skip(at).Take(8))}");
            }
            // Messages name files as the user sees them: relative to the working folder (here the repository root).
            string edited = Path.GetRelativePath(FixtureSamples.RepositoryRoot, Path.Combine(_folder, BadFixtureTests.EditedCase));
            Assert.Contains($"Fixture '{edited}' is malformed: case edited", result.Out);
            Assert.Contains($"  Fix:       if the edit was intended, rename the file: git mv {edited} {Path.GetDirectoryName(edited)}/softmax-forward-float32-4e9e34b54c08ecc7.json", result.Out);
            int total = _good.Count + _bad.Count;
            Assert.Contains($"{total} fixtures: {_good.Count} passed, {_bad.Count} failed", result.Out);

            XElement suite = XDocument.Load(junit).Root!.Element("testsuite")!;
            Assert.Equal(total.ToString(), suite.Attribute("tests")!.Value);
            Assert.Equal(_bad.Count.ToString(), suite.Attribute("failures")!.Value);
            var names = suite.Elements("testcase").Select(t => t.Attribute("name")!.Value).ToList();
            string throwing = _bad.Single(b => b.Says.StartsWith("throwing threw", StringComparison.Ordinal)).Name;
            Assert.Equal("threw", suite.Elements("testcase").Single(t => t.Attribute("name")!.Value.EndsWith("/" + throwing, StringComparison.Ordinal))
                .Element("failure")!.Attribute("type")!.Value);
            Assert.Equal(names.Distinct().Count(), names.Count);
        }
        finally
        {
            File.Delete(junit);
        }
    }

    [Fact]
    public void Show_of_a_fixture_whose_subject_throws_says_so_and_exits_1()
    {
        string file = Path.Combine(_folder, _bad.Single(b => b.Says.StartsWith("throwing threw", StringComparison.Ordinal)).Name);

        var result = CliHarness.Run(["show", file], fixtures: new FixtureBridge());

        Assert.True(result.Code == ExitCodes.Mismatches, $"exit {result.Code}\n{result.Out}\n{result.Error}");
        Assert.Contains("  now:        throwing threw ArgumentException: " + ThrowingKernel.Message, result.Out);
        Assert.Contains("The subject threw, so there is nothing to compare", result.Out);
        Assert.DoesNotContain("elements outside", result.Out);
    }

    [Fact]
    public void Replay_runs_an_untrusted_subject_only_when_the_user_names_or_allows_it()
    {
        string file = Path.Combine(_folder, _bad.Single(b => b.Says.StartsWith("not run", StringComparison.Ordinal)).Name);

        var refused = CliHarness.Run(["replay", file], fixtures: new FixtureBridge());
        var allowed = CliHarness.Run(["replay", file, "--trust-subjects"], fixtures: new FixtureBridge());
        var named = CliHarness.Run(["replay", file, "--subject", "accurate"], fixtures: new FixtureBridge());

        Assert.Contains("to run it, name it yourself (--subject /elsewhere/Kernels.dll:Evil.Kernel) or allow fixtures' subjects (--trust-subjects)", refused.Out);
        Assert.Equal(ExitCodes.Mismatches, refused.Code);
        Assert.Contains("Subject assembly '/elsewhere/Kernels.dll' does not exist", allowed.Out);
        // Named by the user: it runs (the saved expected values are the case's x, so it fails on its merits).
        Assert.DoesNotContain("not run", named.Out);
        Assert.Contains("softmax/forward/float64 [2, 3] accurate: ", named.Out);
    }

    [Fact]
    public void Replay_of_a_subject_that_throws_is_a_failed_outcome_not_an_exception()
    {
        Case c = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
        Fixture f = FixtureSamples.Make(c, c.X, c.X);
        var subject = new Harness.Subjects.KernelSubject(new ThrowingKernel());

        ReplayOutcome outcome = FixtureReplayer.Replay(f, subject, new FixtureSamples.Fixed("torch", c.X), f.Tolerance);

        Assert.False(outcome.Passed);
        Assert.IsType<ArgumentException>(outcome.SubjectError);
        Assert.Contains("Subject vs torch now: throwing threw ArgumentException: " + ThrowingKernel.Message, outcome.Describe("f.json"));
    }
}
