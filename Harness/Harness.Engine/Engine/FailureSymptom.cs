using Harness.Comparison;

namespace Harness.Engine;

/// <summary>
/// The symptom a shrink must keep (issue #18, item 5): the same <see cref="FailureKind"/>, and an error that stays
/// comparably large. Without it greedy shrinking trades a large defect for a small one (a kernel returning 1 instead
/// of 0.99869 on 50,257-wide rows was shown as a 4-ULP case): any failing candidate was taken.
/// </summary>
/// <param name="Kind">The original failure's kind.</param>
/// <param name="Badness">The original worst element's error / allowed (infinite for special values and throws).</param>
public sealed record FailureSymptom(FailureKind Kind, double Badness)
{
    /// <summary>A candidate may lose at most this factor of the original's error / allowed.</summary>
    public const double MaxCollapse = 10;

    public static FailureSymptom? Of(CaseOutcome outcome) =>
        FailureKind.Of(outcome) is { } kind ? new FailureSymptom(kind, BadnessOf(outcome)) : null;

    /// <summary>The worst element's error relative to what the tolerance allows there (ULP mode: in ULPs).</summary>
    public static double BadnessOf(CaseOutcome outcome)
    {
        if (outcome.SubjectError is not null) return double.PositiveInfinity;
        if (outcome.Verdict is not { Worst: { } w } v) return 0;
        if (!double.IsFinite(w.Expected) || !double.IsFinite(w.Actual)) return double.PositiveInfinity;
        double error = v.Tolerance.Mode == ToleranceMode.Ulp ? w.UlpError : w.AbsError;
        return error == 0 ? 0 : w.Allowed > 0 ? error / w.Allowed : double.PositiveInfinity;
    }

    /// <summary>Whether <paramref name="candidate"/> fails the same way: same kind, and error / allowed at least
    /// 1/<see cref="MaxCollapse"/> of the original's (for finite errors; special values and throws match by kind).</summary>
    public bool KeptBy(CaseOutcome candidate)
    {
        if (!candidate.Failed || FailureKind.Of(candidate) != Kind) return false;
        if (Kind.Category != FailureKind.Finite || double.IsPositiveInfinity(Badness)) return true;
        return BadnessOf(candidate) >= Badness / MaxCollapse;
    }
}
