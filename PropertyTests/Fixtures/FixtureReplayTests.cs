using Harness.Fixtures;
using Harness.Oracles;
using Harness.Settings;

namespace PropertyTests.Fixtures;

/// <summary>
/// One test case per fixture file in the repository's fixtures/ folder (or $HARNESS_FIXTURES), named by the file:
/// the subject the fixture names must match torch now under today's tolerance, and torch must still give the output
/// saved in the file. A bad file fails its own test case only.
/// </summary>
public sealed class FixtureReplayTests
{
    /// <summary>Stands in for the file name when the folder holds no fixture, so the theory still has a row.</summary>
    public const string NoFixtures = "(no fixture files)";

    private static string Folder => FixtureStore.FindRepositoryFixtures();

    /// <summary>File names relative to the folder: serializable, so xunit keeps one test case per file.</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string path in FixtureLoader.Files(Folder)) data.Add(Path.GetRelativePath(Folder, path).Replace('\\', '/'));
        if (data.Count == 0) data.Add(NoFixtures);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_replays_within_tolerance(string file)
    {
        if (file == NoFixtures)
        {
            Assert.Empty(FixtureLoader.Files(Folder));
            return;
        }
        string path = Path.Combine(Folder, file);
        FixtureLoadResult loaded = FixtureLoader.Load(path, FixtureLimits.Default);
        if (loaded.Error is not null) Assert.Fail(loaded.Error.Message);

        Fixture f = loaded.Fixture!;
        string root = FixtureStore.FindRepositoryRoot() ?? AppContext.BaseDirectory;
        ToleranceTable tolerances = ToleranceTable.Load(ToleranceTable.FindFile(root), mustExist: false);
        // The subject under SubjectTrust: a fixture may name a DLL only inside this repository.
        ReplayOutcome outcome = FixtureReplayer.Replay(f, path, new TorchOracle(), tolerances.For(f.Case), new ExactOracle());

        Assert.True(outcome.Passed, outcome.Describe(path));
    }
}
