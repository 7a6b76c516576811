using Harness.Comparison;
using Harness.Subjects;

namespace Harness.Fixtures;

/// <summary>Runs a saved fixture again: the subject and the oracle on the saved case, under today's tolerance.</summary>
public static class FixtureReplayer
{
    /// <summary>Replays with the subject the fixture names, when it is a built-in one (a DLL needs the fixture's path:
    /// see the overload with <c>fixturePath</c>).</summary>
    /// <exception cref="SubjectLoadException">The fixture's subject name does not resolve (e.g. a mutant's name).</exception>
    /// <exception cref="UntrustedSubjectException">The fixture names a DLL.</exception>
    public static ReplayOutcome Replay(Fixture f, ICaseEvaluator oracle, Tolerance tolerance, ICaseEvaluator? arbiter = null) =>
        Replay(f, SubjectTrust.Resolve(f, null), oracle, tolerance, arbiter);

    /// <summary>Replays with the subject the fixture names, under <see cref="SubjectTrust"/>: a built-in subject, or a
    /// DLL inside the repository that holds <paramref name="fixturePath"/>.</summary>
    /// <exception cref="SubjectLoadException">The fixture's subject name does not resolve.</exception>
    /// <exception cref="UntrustedSubjectException">The DLL lies outside the fixture's repository.</exception>
    public static ReplayOutcome Replay(Fixture f, string fixturePath, ICaseEvaluator oracle, Tolerance tolerance, ICaseEvaluator? arbiter = null) =>
        Replay(f, SubjectTrust.Resolve(f, fixturePath), oracle, tolerance, arbiter);

    /// <summary>Compares the subject with the oracle now, and the oracle now with its output saved in the fixture,
    /// both under <paramref name="tolerance"/>. With an <paramref name="arbiter"/> (the high-precision oracle), a
    /// subject that misses the oracle but is within tolerance of the truth passes, as in `check`.</summary>
    public static ReplayOutcome Replay(Fixture f, ICaseEvaluator subject, ICaseEvaluator oracle, Tolerance tolerance, ICaseEvaluator? arbiter = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(tolerance);
        double[] expected = oracle.Evaluate(f.Case);
        double[] actual;
        try
        {
            actual = subject.Evaluate(f.Case);
        }
        catch (Exception e)
        {
            // A subject that throws fails its own fixture, never the run: the outcome carries the exception.
            Verdict? thrownDrift = Identical(f.Expected, expected) ? null : Comparer.Compare(f.Case, f.Expected, expected, tolerance);
            var nan = Enumerable.Repeat(double.NaN, f.Case.Count).ToArray();
            return new ReplayOutcome(f, subject.Name, oracle.Name, Comparer.Compare(f.Case, expected, nan, tolerance), thrownDrift) { SubjectError = e };
        }
        Verdict verdict = Comparer.Compare(f.Case, expected, actual, tolerance);
        Verdict? drift = Identical(f.Expected, expected) ? null : Comparer.Compare(f.Case, f.Expected, expected, tolerance);
        Verdict? vsTruth = null;
        if (!verdict.Passed && arbiter is not null)
        {
            double[] truth = arbiter.Evaluate(f.Case);
            vsTruth = Engine.CrossCheck.AgainstTruth(f.Case, expected, actual, tolerance, truth);
        }
        return new ReplayOutcome(f, subject.Name, oracle.Name, verdict, drift) { VsTruth = vsTruth };
    }

    private static bool Identical(double[] saved, double[] now)
    {
        if (saved.Length != now.Length) return false;
        for (int i = 0; i < saved.Length; i++)
        {
            if (!saved[i].Equals(now[i]) || (saved[i] == 0 && double.IsNegative(saved[i]) != double.IsNegative(now[i]))) return false;
        }
        return true;
    }
}
