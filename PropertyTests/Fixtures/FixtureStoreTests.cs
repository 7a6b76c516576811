using Harness.Cases;
using Harness.Fixtures;

namespace PropertyTests.Fixtures;

/// <summary>Saving: names, no duplicates, no overwrites, no temporary files left behind.</summary>
public sealed class FixtureStoreTests
{
    private static readonly Case CaseA = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
    private static readonly Case CaseB = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 7]);

    [Fact]
    public void Save_writes_one_file_named_from_op_pass_dtype_and_the_case_hash()
    {
        using var folder = new ScratchFolder();
        string path = new FixtureStore(folder.Path).Save(FixtureSamples.Make(CaseA, CaseA.X, CaseA.X));

        Assert.Equal(Path.Combine(folder.Path, FixtureStore.FileName(CaseA)), path);
        Assert.Matches("^softmax-forward-float64-[0-9a-f]{16}\\.json$", Path.GetFileName(path));
        Assert.Equal([Path.GetFileName(path)], folder.Names());
        Assert.Equal(FixtureJson.Serialize(FixtureSamples.Make(CaseA, CaseA.X, CaseA.X)), File.ReadAllText(path));
    }

    [Fact]
    public void FileName_depends_on_the_values_and_not_on_the_regime_label()
    {
        Assert.NotEqual(FixtureStore.FileName(CaseA), FixtureStore.FileName(CaseB));
        Assert.Equal(FixtureStore.FileName(CaseA), FixtureStore.FileName(new Case(CaseA.Op, CaseA.Pass, CaseA.DType, CaseA.Shape, CaseA.Dim, CaseA.X, null, "other")));
        Assert.NotEqual(FixtureStore.FileName(FixtureSamples.Softmax2x3([0.0, 0, 0, 0, 0, 0])), FixtureStore.FileName(FixtureSamples.Softmax2x3([-0.0, 0, 0, 0, 0, 0])));
    }

    [Fact]
    public void Save_of_a_case_already_stored_keeps_the_first_file()
    {
        using var folder = new ScratchFolder();
        var store = new FixtureStore(folder.Path);
        string first = store.Save(FixtureSamples.Make(CaseA, CaseA.X, CaseA.X, token: "seed:1"));
        string text = File.ReadAllText(first);

        string second = store.Save(FixtureSamples.Make(CaseA, CaseA.X, CaseB.X, subject: "tensorprimitives", token: "seed:2"));

        Assert.Equal(first, second);
        Assert.Equal(text, File.ReadAllText(first));
        Assert.Single(folder.Names());
    }

    [Fact]
    public void Save_never_overwrites_a_different_case_that_holds_the_name()
    {
        using var folder = new ScratchFolder();
        // A hash collision, simulated: case B's file sits under the name case A would get.
        string taken = Path.Combine(folder.Path, FixtureStore.FileName(CaseA));
        string other = FixtureJson.Serialize(FixtureSamples.Make(CaseB, CaseB.X, CaseB.X));
        File.WriteAllText(taken, other);

        string path = new FixtureStore(folder.Path).Save(FixtureSamples.Make(CaseA, CaseA.X, CaseA.X));

        Assert.Equal(taken[..^".json".Length] + "-2.json", path);
        Assert.Equal(other, File.ReadAllText(taken));
        Assert.Equal(2, folder.Names().Length);
    }

    [Fact]
    public void Save_leaves_an_unreadable_file_that_holds_the_name_alone()
    {
        using var folder = new ScratchFolder();
        string taken = Path.Combine(folder.Path, FixtureStore.FileName(CaseA));
        File.WriteAllText(taken, "{ not json");

        string path = new FixtureStore(folder.Path).Save(FixtureSamples.Make(CaseA, CaseA.X, CaseA.X));

        Assert.EndsWith("-2.json", path, StringComparison.Ordinal);
        Assert.Equal("{ not json", File.ReadAllText(taken));
    }

    [Fact]
    public void Save_creates_the_folder_and_leaves_no_temporary_file()
    {
        using var folder = new ScratchFolder();
        string nested = Path.Combine(folder.Path, "new", "fixtures");
        new FixtureStore(nested).Save(FixtureSamples.Make(CaseA, CaseA.X, CaseA.X));
        new FixtureStore(nested).Save(FixtureSamples.Make(CaseB, CaseB.X, CaseB.X));

        Assert.Equal(2, Directory.GetFiles(nested).Length);
        Assert.Empty(Directory.GetFiles(nested, ".tmp-*"));
    }

    [Fact]
    public void Save_deletes_stale_temporary_files_and_keeps_fresh_ones()
    {
        using var folder = new ScratchFolder();
        string stale = Path.Combine(folder.Path, ".tmp-stale" + FixtureStore.TempSuffix);
        string fresh = Path.Combine(folder.Path, ".tmp-fresh" + FixtureStore.TempSuffix);
        File.WriteAllText(stale, "{ \"schema\": 1, \"subj");
        File.WriteAllText(fresh, "{ \"schema\": 1, \"subj");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - TimeSpan.FromMinutes(2));

        new FixtureStore(folder.Path).Save(FixtureSamples.Make(CaseA, CaseA.X, CaseA.X));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public void LoadAll_ignores_temporary_and_hidden_files()
    {
        using var folder = new ScratchFolder();
        string saved = new FixtureStore(folder.Path).Save(FixtureSamples.Make(CaseA, CaseA.X, CaseA.X));
        File.WriteAllText(Path.Combine(folder.Path, ".tmp-dead" + FixtureStore.TempSuffix), "{ partial");
        File.WriteAllText(Path.Combine(folder.Path, ".hidden.json"), "{ partial");

        IReadOnlyList<FixtureLoadResult> results = FixtureLoader.LoadAll(folder.Path, FixtureLimits.Default);

        FixtureLoadResult only = Assert.Single(results);
        Assert.Equal(saved, only.Path);
        Assert.True(only.Succeeded);
    }

    [Fact]
    public void FindRepositoryRoot_finds_the_folder_holding_Harness_sln()
    {
        string? root = FixtureStore.FindRepositoryRoot();
        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "Harness.sln")));
        string expected = Environment.GetEnvironmentVariable(FixtureStore.EnvironmentVariable) is { Length: > 0 } set
            ? Path.GetFullPath(set)
            : Path.Combine(root, "fixtures");
        Assert.Equal(expected, FixtureStore.FindRepositoryFixtures());
    }
}
