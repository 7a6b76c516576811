using Harness.Comparison;

namespace Harness.Engine;

/// <summary>
/// What kind of failure a case shows, so that a run can report every distinct defect instead of the first one: the
/// subject threw (per exception type), a special-value mismatch (per pattern: NaN where torch is finite, finite where
/// torch is -inf, ...), or a finite error beyond the tolerance. Distinct failures of a group are distinct
/// (kind, regime) pairs; shrinking keeps the kind (<see cref="FailureSymptom"/>).
/// </summary>
/// <param name="Category">"threw", "special" or "finite".</param>
/// <param name="Detail">The exception type, or the special-value pattern ("NaN where torch is finite"); empty for
/// finite errors.</param>
public sealed record FailureKind(string Category, string Detail)
{
    public const string Threw = "threw";
    public const string Special = "special";
    public const string Finite = "finite";

    public static readonly FailureKind FiniteError = new(Finite, "");

    /// <summary>The kind of a failing outcome (null when it did not fail).</summary>
    public static FailureKind? Of(CaseOutcome outcome)
    {
        if (outcome.SubjectError is { } e) return new FailureKind(Threw, e.GetType().Name);
        if (!outcome.Failed || outcome.Verdict?.Worst is not { } w) return null;
        if (double.IsFinite(w.Expected) && double.IsFinite(w.Actual)) return FiniteError;
        return new FailureKind(Special, $"{ClassOf(w.Actual)} where torch is {ClassOf(w.Expected)}");
    }

    /// <summary>"NaN", "+inf", "-inf" or "finite".</summary>
    public static string ClassOf(double v) => v switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => "finite",
    };

    /// <summary>"threw ArgumentException", "NaN where torch is finite", "finite error".</summary>
    public override string ToString() => Category switch
    {
        Threw => $"threw {Detail}",
        Special => Detail,
        _ => "finite error",
    };
}
