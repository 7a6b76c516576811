using Harness.Cases;
using Harness.Comparison;
using Harness.Engine;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>
/// The tool's only view of the fixture store (Harness.Fixtures): saving a failure, listing and loading files,
/// replaying one. <see cref="FixtureBridge"/> implements it; tests substitute an in-memory one.
/// </summary>
public interface IFixtureBridge
{
    /// <summary>Saves a shrunk failure as a fixture file in <paramref name="directory"/>; returns its path.</summary>
    string Save(string directory, FailureReport failure);

    /// <summary>The fixture files a path stands for: the file itself, or every fixture file of a folder (sorted by
    /// path). Only names: replay loads, runs and releases one file at a time, so memory stays flat.</summary>
    IReadOnlyList<string> Files(string fileOrDirectory);

    /// <summary>Loads one fixture file; a malformed file is an item with its error, never an exception, whose message
    /// names the file as <paramref name="shownAs"/> (else <paramref name="file"/>).</summary>
    FixtureItem Load(string file, string? shownAs = null);

    /// <summary>Checks that the subject <paramref name="item"/> names may run (built-in, or a DLL inside the
    /// repository holding the file); throws with the reason and the way out when it may not.</summary>
    void CheckTrust(FixtureItem item);

    /// <summary>Replays one fixture against a subject; the text is one line (several when it failed). A subject that
    /// throws fails the fixture ("NAME threw TYPE: message").</summary>
    (bool Passed, string Text) Replay(FixtureItem item, KernelSubject subject, ICaseEvaluator oracle, Tolerance tolerance);
}

/// <summary>One loaded fixture file: its contents, or why it could not be read.</summary>
public sealed record FixtureItem(string Path, FixtureView? Fixture, Exception? Error);

/// <summary>What `show` and `replay` read from a fixture. <paramref name="Native"/> is the store's own object, kept
/// for <see cref="IFixtureBridge.Replay"/>.</summary>
public sealed record FixtureView(Case Case, string Subject, double[] Expected, double[] Actual, Tolerance Tolerance, string ReplayToken, object? Native = null, string? Profile = null);
