using Harness.Settings;

namespace Harness.Cli;

/// <summary>The settings a command runs with, after every layer.</summary>
/// <param name="Tolerances">The tolerance table in force.</param>
/// <param name="ToleranceFile">The custom tolerance file read (null: the profile's built-in file).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="SeedSource">Where the seed came from: "option", "environment" or "default".</param>
/// <param name="MaxElements">The cap on one case's elements.</param>
/// <param name="FixturesDirectory">Where failures are saved and replay looks by default.</param>
/// <param name="RepositoryRoot">The clone of this repository the tool runs from (located from the tool's own folder,
/// never the working directory), or null.</param>
/// <param name="Scale">HARNESS_SCALE: multiplies default case counts.</param>
/// <param name="Replay">HARNESS_REPLAY, if set.</param>
public sealed record ResolvedSettings(
    ToleranceTable Tolerances,
    string? ToleranceFile,
    ulong Seed,
    string SeedSource,
    int MaxElements,
    string FixturesDirectory,
    string? RepositoryRoot,
    double Scale,
    string? Replay)
{
    /// <summary>The profile in force: its rules (parity's "no further from the truth than torch") and, without a
    /// custom file, its built-in tolerances.</summary>
    public ToleranceProfile Profile { get; init; } = ToleranceProfile.Strict;

    /// <summary>How the profile was chosen: "option", "environment", or the default and why.</summary>
    public string ProfileSource { get; init; } = "default";

    /// <summary>Where the tolerances come from, for headers: the custom file's path or the profile's built-in file.</summary>
    public string ToleranceSource { get; init; } = "";

    /// <summary>The run header's line: "Profile parity (default for a kernel that is not built in); tolerances from ...".</summary>
    public string ProfileLine =>
        $"Profile {ToleranceProfiles.Name(Profile)} ({ProfileSource}); tolerances from {ToleranceSource}";
}
