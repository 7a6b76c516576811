using Harness.Comparison;
using Harness.Engine;

namespace Harness.Fixtures;

/// <summary>Turns a shrunk failure of a run into a fixture and saves it: what `check` and the property tests do
/// with every failure they find.</summary>
public static class FailureFixtures
{
    /// <summary>The fixture of <paramref name="failure"/>'s shrunk case. A subject that threw is stored with an
    /// all-NaN output and what it threw (<see cref="Fixture.Error"/>); replay runs the subject again.</summary>
    public static Fixture From(FailureReport failure)
    {
        CaseOutcome shrunk = failure.Shrunk;
        double[] actual = shrunk.Actual ?? Enumerable.Repeat(double.NaN, shrunk.Case.Count).ToArray();
        Verdict verdict = shrunk.Verdict ?? Comparer.Compare(shrunk.Case, shrunk.Expected, actual, failure.Tolerance, shrunk.Truth);
        return new Fixture(Fixture.CurrentSchemaVersion, shrunk.Case, failure.Subject, shrunk.Expected, actual, verdict,
            failure.Tolerance, failure.Input is { } input ? "input:" + input : failure.Token.ToString(), FixtureProvenance.Current())
        {
            Error = failure.Thrown,
            Profile = failure.Rerun.Profile,
            ToleranceSource = failure.Rerun.ToleranceFile
                ?? (failure.Rerun.Profile is { } p ? Settings.ToleranceProfiles.Source(Settings.ToleranceProfiles.Parse("profile", p)) : null),
        };
    }

    /// <summary>A <see cref="CheckOptions.SaveFailure"/> callback that saves into <paramref name="store"/> and
    /// returns the path relative to the repository root when inside it.</summary>
    public static Func<FailureReport, string?> SaveTo(FixtureStore store) => failure =>
    {
        string path = store.Save(From(failure));
        string? root = FixtureStore.FindRepositoryRoot();
        return root is not null && path.StartsWith(root, StringComparison.Ordinal) ? Path.GetRelativePath(root, path) : path;
    };
}
