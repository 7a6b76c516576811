using Harness.Cases;
using Harness.Comparison;

namespace Harness.Engine;

/// <summary>One case through subject, oracle and comparison.</summary>
/// <param name="Case">The case.</param>
/// <param name="Expected">The oracle's output.</param>
/// <param name="Actual">The subject's output (null when it threw).</param>
/// <param name="Verdict">The comparison (null when the subject threw).</param>
/// <param name="Truth">The high-precision output, when computed.</param>
/// <param name="SubjectError">What the subject threw on a valid case, if anything.</param>
public sealed record CaseOutcome(Case Case, double[] Expected, double[]? Actual, Verdict? Verdict, double[]? Truth, Exception? SubjectError)
{
    /// <summary>When the subject missed torch and an arbiter was asked: the subject against the high-precision truth
    /// (rounded to the dtype), under the same tolerance.</summary>
    public Verdict? VsTruth { get; init; }

    /// <summary>The subject missed torch but is within tolerance of the truth: torch is the one that is off here.
    /// Not a failure; counted and reported apart.</summary>
    public bool TorchOff => SubjectError is null && Verdict is { Passed: false } && VsTruth is { Passed: true };

    public bool Failed => SubjectError is not null || (Verdict is { Passed: false } && !TorchOff);

    /// <summary>For a failing backward case that was reported: the subject's own forward against torch's, and its
    /// backward run on torch's forward output (set on shrunk failures only: it costs a second forward and backward).</summary>
    public BackwardIsolation? Isolation { get; init; }

    /// <summary>The verdict text, or what the subject threw and where in its own code (<see cref="ThrownError"/>).</summary>
    public string Describe(string subjectName)
    {
        if (SubjectError is null) return Verdict!.Describe("torch", subjectName);
        ThrownError thrown = ThrownError.From(SubjectError);
        return string.Concat(thrown.Headline, string.Concat(thrown.Frames.Select(f => "\n  " + f)));
    }
}
