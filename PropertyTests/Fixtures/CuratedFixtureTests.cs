using Harness.Fixtures;

namespace PropertyTests.Fixtures;

/// <summary>The curated list in <see cref="CuratedCases"/> and the files in fixtures/ cannot drift apart.</summary>
public sealed class CuratedFixtureTests
{
    private static string Folder => Path.Combine(FixtureSamples.RepositoryRoot, "fixtures");

    public static TheoryData<string> Names() => new(CuratedCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Curated_case_has_its_file_with_the_same_case(string name)
    {
        var c = CuratedCases.All.Single(n => n.Name == name).Case;
        string path = Path.Combine(Folder, FixtureStore.FileName(c));

        Assert.True(File.Exists(path), $"No file {path} for curated case '{name}'. Regenerate with CuratedCases.WriteAll (see fixtures/README.md).");
        Fixture f = FixtureLoader.Load(path, FixtureLimits.Default).Fixture ?? throw new Xunit.Sdk.XunitException($"{path} does not load.");
        Assert.True(CaseHash.Same(c, f.Case), $"{path} holds a different case than curated case '{name}'.");
        Assert.Equal("curated:" + name, f.ReplayToken);
        Assert.Equal("accurate", f.Subject);
    }

    [Fact]
    public void Every_curated_fixture_file_is_in_the_list()
    {
        var listed = CuratedCases.All.Select(c => "curated:" + c.Name).ToHashSet();
        var orphans = FixtureLoader.LoadAll(Folder, FixtureLimits.Default)
            .Where(r => r.Fixture is { } f && f.ReplayToken.StartsWith("curated:", StringComparison.Ordinal) && !listed.Contains(f.ReplayToken))
            .Select(r => r.FileName);
        Assert.Empty(orphans);
    }

    [Fact]
    public void Curated_names_are_unique()
    {
        Assert.Equal(CuratedCases.All.Count, CuratedCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void The_50k_row_fixture_stays_small_on_disk()
    {
        var c = CuratedCases.All.Single(n => n.Name == "wide-row-50257").Case;
        long bytes = new FileInfo(Path.Combine(Folder, FixtureStore.FileName(c))).Length;
        Assert.True(bytes < 500_000, $"The 50k-row fixture is {bytes} bytes; keep it under 500 KB (short decimal inputs).");
    }
}
