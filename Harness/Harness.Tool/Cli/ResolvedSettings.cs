using Harness.Settings;

namespace Harness.Cli;

/// <summary>The settings a command runs with, after every layer.</summary>
/// <param name="Tolerances">The tolerance table in force.</param>
/// <param name="ToleranceFile">The tolerance file read (null: none found, built-in defaults).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="SeedSource">Where the seed came from: "option", "environment" or "default".</param>
/// <param name="MaxElements">The cap on one case's elements.</param>
/// <param name="FixturesDirectory">Where failures are saved and replay looks by default.</param>
/// <param name="RepositoryRoot">The folder holding tolerances.json (or the working directory).</param>
/// <param name="Scale">HARNESS_SCALE: multiplies default case counts.</param>
/// <param name="Replay">HARNESS_REPLAY, if set.</param>
public sealed record ResolvedSettings(
    ToleranceTable Tolerances,
    string? ToleranceFile,
    ulong Seed,
    string SeedSource,
    int MaxElements,
    string FixturesDirectory,
    string RepositoryRoot,
    double Scale,
    string? Replay);
