using Harness.Cases;
using Harness.Comparison;

namespace Harness.Fixtures;

/// <summary>
/// A saved case: the (shrunk) input, what the oracle and the subject computed for it when it was saved, the verdict
/// and tolerance of that run, and how to reproduce the run. One fixture is one JSON file (see fixtures/README.md).
/// </summary>
/// <param name="SchemaVersion">The file format version; <see cref="CurrentSchemaVersion"/> when written by this build.</param>
/// <param name="Case">The input, bit-exact.</param>
/// <param name="Subject">The subject's name as <see cref="Subjects.SubjectCatalog.Resolve"/> accepts it.</param>
/// <param name="Expected">The oracle's (torch's) output at save time.</param>
/// <param name="Actual">The subject's output at save time.</param>
/// <param name="Verdict">The comparison of <paramref name="Actual"/> with <paramref name="Expected"/>; its tolerance
/// is <paramref name="Tolerance"/> (the file stores the tolerance once).</param>
/// <param name="Tolerance">The tolerance in force when the fixture was saved.</param>
/// <param name="ReplayToken">The seed or replay token of the run that found the case ("curated:&lt;name&gt;" for
/// hand-picked cases).</param>
/// <param name="Provenance">Versions, threads, CPU capability and date of the saving run.</param>
public sealed record Fixture(
    int SchemaVersion,
    Case Case,
    string Subject,
    double[] Expected,
    double[] Actual,
    Verdict Verdict,
    Tolerance Tolerance,
    string ReplayToken,
    FixtureProvenance Provenance)
{
    /// <summary>The schema version this build writes and the only one it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>What the subject threw on the case, when it threw (optional field "error": type, message and the
    /// frames of the subject's code); null when it returned an output.</summary>
    public Engine.ThrownError? Error { get; init; }

    /// <summary>The tolerance profile the saving run judged by ("parity" or "strict"; optional field "profile"),
    /// which replay uses unless told otherwise; null for fixtures saved without one (curated cases, older files).</summary>
    public string? Profile { get; init; }

    /// <summary>Where the saving run's tolerances came from (the profile's built-in file or a custom file's path).</summary>
    public string? ToleranceSource { get; init; }
}
