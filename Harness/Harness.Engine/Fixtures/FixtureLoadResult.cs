namespace Harness.Fixtures;

/// <summary>One fixture file: the fixture read from it, or why it could not be read.</summary>
public sealed record FixtureLoadResult(string Path, Fixture? Fixture, FixtureFormatException? Error)
{
    public bool Succeeded => Fixture is not null;

    public string FileName => System.IO.Path.GetFileName(Path);
}
