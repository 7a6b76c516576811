using Harness.Comparison;
using Harness.Engine;
using Harness.Fixtures;
using Harness.Oracles;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>The tool's bridge to the fixture store (Harness.Fixtures): save, list, load, trust, replay.</summary>
internal sealed class FixtureBridge : IFixtureBridge
{
    public string Save(string directory, FailureReport failure) =>
        new FixtureStore(directory).Save(FailureFixtures.From(failure));

    public IReadOnlyList<string> Files(string fileOrDirectory) =>
        Directory.Exists(fileOrDirectory) ? FixtureLoader.Files(fileOrDirectory) : [fileOrDirectory];

    public FixtureItem Load(string file, string? shownAs = null)
    {
        FixtureLoadResult r = FixtureLoader.Load(file, FixtureLimits.Default, shownAs: shownAs);
        return new FixtureItem(r.Path, r.Fixture is { } f ? View(f) : null, r.Error);
    }

    public void CheckTrust(FixtureItem item) => SubjectTrust.Check(item.Fixture!.Subject, item.Path);

    public (bool Passed, string Text) Replay(FixtureItem item, KernelSubject subject, ICaseEvaluator oracle, Tolerance tolerance)
    {
        var fixture = (Fixture)item.Fixture!.Native!;
        ReplayOutcome outcome = FixtureReplayer.Replay(fixture, subject, oracle, tolerance, new ExactOracle());
        string text = outcome.Describe(item.Path);
        // A passing fixture is one line; a failing one keeps its whole report (verdict, drift, provenance).
        return (outcome.Passed, outcome.Passed ? $"{outcome.Verdict.Describe("torch", outcome.SubjectName).Split('\n')[0]}" : text);
    }

    private static FixtureView View(Fixture f) =>
        new(f.Case, f.Subject, f.Expected, f.Actual, f.Tolerance, f.ReplayToken, f, f.Profile);
}
