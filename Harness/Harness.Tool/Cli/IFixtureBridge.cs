using Harness.Cases;
using Harness.Comparison;
using Harness.Engine;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>
/// The tool's only view of the fixture store (Harness.Fixtures): saving a failure, loading files, replaying one.
/// <see cref="FixtureBridge"/> implements it; tests substitute an in-memory one.
/// </summary>
public interface IFixtureBridge
{
    /// <summary>Saves a shrunk failure as a fixture file in <paramref name="directory"/>; returns its path.</summary>
    string Save(string directory, FailureReport failure);

    /// <summary>Loads one fixture file, or every fixture file of a folder (sorted by name).</summary>
    IReadOnlyList<FixtureItem> Load(string fileOrDirectory);

    /// <summary>Replays one fixture against a subject; the text is one line (several when it failed).</summary>
    (bool Passed, string Text) Replay(FixtureItem item, KernelSubject subject, ICaseEvaluator oracle, Tolerance tolerance);
}

/// <summary>One loaded fixture file: its contents, or why it could not be read.</summary>
public sealed record FixtureItem(string Path, FixtureView? Fixture, Exception? Error);

/// <summary>What `show` and `replay` read from a fixture. <paramref name="Native"/> is the store's own object, kept
/// for <see cref="IFixtureBridge.Replay"/>.</summary>
public sealed record FixtureView(Case Case, string Subject, double[] Expected, double[] Actual, Tolerance Tolerance, string ReplayToken, object? Native = null);
