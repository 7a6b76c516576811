using Harness.Cases;
using Harness.Comparison;
using Harness.Subjects;

namespace Harness.Engine;

/// <summary>
/// A backward case judged apart from the subject's forward (issue #18, item 6). End to end, each side's own forward
/// output feeds its backward, so a forward-only bug fails every backward group too. Here the subject's forward is
/// compared with torch's under the forward tolerance, and the subject's backward runs on torch's forward output and
/// is compared with torch's dx under the backward tolerance (arbitrated by the truth, as every verdict is).
/// </summary>
/// <param name="Forward">The forward case (x only) through subject and torch: did the subject's own y already disagree?</param>
/// <param name="Isolated">The subject's backward on torch's y against torch's dx.</param>
public sealed record BackwardIsolation(CaseOutcome Forward, CaseOutcome Isolated)
{
    public bool ForwardDisagreed => Forward.Failed;

    public bool IsolatedFailed => Isolated.Failed;

    /// <summary>Judges <paramref name="endToEnd"/>'s backward case apart from the subject's forward.</summary>
    /// <param name="endToEnd">The backward case's end-to-end outcome (its Expected is torch's dx; its Truth, when
    /// computed, the exact dx).</param>
    /// <param name="subject">The subject under test.</param>
    /// <param name="oracle">torch: its forward output feeds the subject's backward.</param>
    /// <param name="forwardTolerance">The tolerance of the forward group (op, forward, dtype).</param>
    /// <param name="backwardTolerance">The tolerance of the backward group.</param>
    /// <param name="offset">Element offset of the subject's buffers.</param>
    /// <param name="arbiter">The high-precision oracle that decides when the subject misses torch (null: torch decides).</param>
    public static BackwardIsolation Run(CaseOutcome endToEnd, KernelSubject subject, ICaseEvaluator oracle,
        Tolerance forwardTolerance, Tolerance backwardTolerance, int offset, ICaseEvaluator? arbiter = null)
    {
        Case c = endToEnd.Case;
        var forwardCase = new Case(c.Op, Pass.Forward, c.DType, c.Shape, c.Dim, c.X, null, c.Regime);
        CaseOutcome forward = CrossCheck.Run(forwardCase, subject, oracle, forwardTolerance, offset: offset, arbiter: arbiter);

        double[]? dx = null;
        Exception? error = null;
        try
        {
            dx = subject.EvaluateBackward(c, forward.Expected, offset);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e;
        }
        Verdict? verdict = dx is null ? null : Comparer.Compare(c, endToEnd.Expected, dx, backwardTolerance, endToEnd.Truth);
        Verdict? vsTruth = null;
        if (verdict is { Passed: false } && (endToEnd.Truth ?? arbiter?.Evaluate(c)) is { } truth)
        {
            vsTruth = Comparer.Compare(c, CrossCheck.RoundToDType(c, truth), dx!, backwardTolerance, truth);
        }
        var isolated = new CaseOutcome(c, endToEnd.Expected, dx, verdict, endToEnd.Truth, error) { VsTruth = vsTruth };
        return new BackwardIsolation(forward, isolated);
    }

    /// <summary>Two report lines: "Forward:" (did the subject's own forward already disagree) and "Isolated:" (the
    /// backward's verdict on torch's forward output).</summary>
    public string Describe(string subjectName)
    {
        string forward = Forward.SubjectError is { } fe
            ? $"{subjectName}'s own forward {ThrownError.From(fe).Headline}"
            : Forward.Failed
                ? $"{subjectName}'s own forward output already disagrees with torch: {Forward.Verdict!.Mismatches} of {Forward.Verdict.Count} elements outside {Forward.Verdict.Tolerance}"
                : $"{subjectName}'s own forward output agrees with torch (within {Forward.Verdict!.Tolerance})";
        string isolated;
        if (Isolated.SubjectError is { } ie) isolated = $"backward on torch's forward output {ThrownError.From(ie).Headline}";
        else if (!Isolated.Failed) isolated = $"backward on torch's forward output passes (all {Isolated.Verdict!.Count} elements within {Isolated.Verdict.Tolerance}"
            + (Isolated.TorchOff ? ", against the truth" : "") + ")";
        else
        {
            Verdict v = Isolated.Verdict!;
            string worst = v.Worst is { } w ? $"; worst {w.IndexText}: torch {Verdict.Number(w.Expected)}, {subjectName} {Verdict.Number(w.Actual)}" : "";
            isolated = $"backward on torch's forward output fails: {v.Mismatches} of {v.Count} elements outside {v.Tolerance}{worst}";
        }
        return $"  Forward:   {forward}\n  Isolated:  {isolated}";
    }
}
