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
    /// <param name="arbiter">The high-precision oracle that decides, when the subject misses torch, whether the subject
    /// or torch is off (<see cref="CaseOutcome.TorchOff"/>); null: torch's word is final.</param>
    public static CaseOutcome Run(Case c, KernelSubject subject, ICaseEvaluator oracle, Tolerance tolerance,
        ICaseEvaluator? truth = null, int offset = 0, Timing? timing = null, ICaseEvaluator? arbiter = null)
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
        long t2 = Stopwatch.GetTimestamp(), t3 = t2;
        double[]? exact = null;
        if (truth is not null)
        {
            exact = truth.Evaluate(c);
            t3 = Stopwatch.GetTimestamp();
        }
        if (timing is not null)
        {
            timing.OracleTicks += t1 - t0;
            timing.SubjectTicks += t2 - t1;
            timing.TruthTicks += t3 - t2;
        }
        Verdict? verdict = actual is null ? null : Comparer.Compare(c, expected, actual, tolerance, exact);
        Verdict? vsTruth = null;
        if (verdict is { Passed: false } && arbiter is not null)
        {
            long t4 = Stopwatch.GetTimestamp();
            exact ??= arbiter.Evaluate(c);
            if (timing is not null) timing.TruthTicks += Stopwatch.GetTimestamp() - t4;
            vsTruth = AgainstTruth(c, expected, actual!, tolerance, exact);
        }
        return new CaseOutcome(c, expected, actual, verdict, exact, error) { VsTruth = vsTruth };
    }

    /// <summary>The subject against the truth (rounded to the dtype) under <paramref name="tolerance"/>; under `parity`
    /// (<see cref="Tolerance.NoWorseThanTorch"/>) an element also passes when it is within the tolerance of torch or
    /// no further from the truth than torch (<see cref="ParityRule"/>), so the case passes when every element does
    /// one of the three.</summary>
    public static Verdict AgainstTruth(Case c, double[] torch, double[] actual, Tolerance tolerance, double[] truth)
    {
        Func<int, bool>? excuse = tolerance.NoWorseThanTorch
            ? ParityRule.Excuse(c, torch, actual, truth, Comparer.Outside(c, torch, actual, tolerance))
            : null;
        return Comparer.Compare(c, RoundToDType(c, truth), actual, tolerance, truth, excuse);
    }

    /// <summary>The truth as the dtype can hold it: rounded once to float32 for float32 cases.</summary>
    public static double[] RoundToDType(Case c, double[] truth)
    {
        if (c.DType != DType.Float32) return truth;
        var rounded = new double[truth.Length];
        for (int i = 0; i < truth.Length; i++) rounded[i] = (float)truth[i];
        return rounded;
    }
}

/// <summary>Time spent in the subject, libtorch and the high-precision oracle (Stopwatch ticks), to separate the
/// engine's own overhead (generation, comparison, bookkeeping).</summary>
public sealed class Timing
{
    public long SubjectTicks;
    public long OracleTicks;
    public long TruthTicks;

    public void Add(Timing other)
    {
        SubjectTicks += other.SubjectTicks;
        OracleTicks += other.OracleTicks;
        TruthTicks += other.TruthTicks;
    }
}
