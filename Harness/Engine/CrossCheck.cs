using System.Diagnostics;
using Harness.Cases;
using Harness.Comparison;
using Harness.Subjects;

namespace Harness.Engine;

/// <summary>Runs one case through a subject and the oracle and compares them: the unit every entry point shares.</summary>
public static class CrossCheck
{
    /// <param name="c">The case.</param>
    /// <param name="subject">The subject under test.</param>
    /// <param name="oracle">The reference (TorchSharp).</param>
    /// <param name="tolerance">The tolerance in force.</param>
    /// <param name="truth">The high-precision oracle, or null to skip it.</param>
    /// <param name="offset">Element offset of the subject's buffers (alignment coverage).</param>
    /// <param name="timing">Accumulates the time spent in subject and oracle, if given.</param>
    public static CaseOutcome Run(Case c, KernelSubject subject, ICaseEvaluator oracle, Tolerance tolerance,
        ICaseEvaluator? truth = null, int offset = 0, Timing? timing = null)
    {
        long t0 = Stopwatch.GetTimestamp();
        double[] expected = oracle.Evaluate(c);
        long t1 = Stopwatch.GetTimestamp();
        double[]? actual = null;
        Exception? error = null;
        try
        {
            actual = subject.Evaluate(c, offset);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A subject that throws on a valid case has failed it; the exception is the finding, kept whole.
            error = e;
        }
        long t2 = Stopwatch.GetTimestamp();
        double[]? exact = truth?.Evaluate(c);
        if (timing is not null)
        {
            timing.OracleTicks += t1 - t0;
            timing.SubjectTicks += t2 - t1;
        }
        Verdict? verdict = actual is null ? null : Comparer.Compare(c, expected, actual, tolerance, exact);
        return new CaseOutcome(c, expected, actual, verdict, exact, error);
    }
}

/// <summary>Time spent in the subject and the oracle (Stopwatch ticks), to separate the engine's own overhead.</summary>
public sealed class Timing
{
    public long SubjectTicks;
    public long OracleTicks;

    public void Add(Timing other)
    {
        SubjectTicks += other.SubjectTicks;
        OracleTicks += other.OracleTicks;
    }
}
