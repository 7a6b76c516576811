using System.Text;
using Harness.Comparison;
using Harness.Cases;
using Harness.Generation;

namespace Harness.Engine;

/// <summary>A failing case of a run: where it came from, what it shrank to, and why it fails.</summary>
public sealed record FailureReport(string Subject, CaseToken Token, CaseOutcome Original, CaseOutcome Shrunk, int ShrinkSteps, Tolerance Tolerance)
{
    /// <summary>The subject's own name for messages ("two-pass"); <see cref="Subject"/> is the spec that loads it.</summary>
    public string SubjectName
    {
        get => _subjectName ?? Subject;
        init => _subjectName = value;
    }

    private readonly string? _subjectName;

    /// <summary>The fixture file the shrunk case was saved to, when saved.</summary>
    public string? FixturePath { get; init; }

    /// <summary>
    /// The failure message: a header naming the subject and the case, the verdict of the shrunk case (aligned
    /// fields), its input, and how to rerun it. The format is pinned by a test.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var c = Shrunk.Case;
        text.Append($"{SubjectName} disagrees with torch on {c.Kind}: shape [{string.Join(", ", c.Shape)}], dim {c.Dim}, regime {Original.Case.Regime}");
        text.Append($" (shrunk from [{string.Join(", ", Original.Case.Shape)}] in {ShrinkSteps} steps)\n");
        text.Append(Shrunk.Describe(SubjectName)).Append('\n');
        if (Closer() is { } closer) text.Append("  Closer:    ").Append(closer).Append('\n');
        if (Shrunk.VsTruth is { Passed: false, Worst: { } w } vsTruth)
        {
            // Arbitration was asked and did not excuse the case: say where the subject misses the truth too.
            text.Append("  Vs truth:  ").Append($"{vsTruth.Mismatches} of {vsTruth.Count} elements outside; worst {w.IndexText}: ")
                .Append($"truth {Verdict.Number(w.Expected)}, {SubjectName} {Verdict.Number(w.Actual)}, {Verdict.Number(w.UlpError)} ULP").Append('\n');
        }
        text.Append("  x:         ").Append(Preview(c.X)).Append('\n');
        if (c.Dy is not null) text.Append("  dy:        ").Append(Preview(c.Dy)).Append('\n');
        text.Append("  Token:     ").Append(Token).Append('\n');
        text.Append("  Rerun:     HARNESS_REPLAY=").Append(Token).Append(" ./run-tests.sh   or   harness check --subject ")
            .Append(Subject).Append(" --replay ").Append(Token);
        if (FixturePath is not null) text.Append('\n').Append("  Fixture:   ").Append(FixturePath);
        return text.ToString();
    }

    /// <summary>Which side is nearer the high-precision truth at the worst element, in ULPs of the dtype.</summary>
    private string? Closer()
    {
        if (Shrunk is not { Truth: { } truth, Actual: { } actual, Verdict.Worst: { } worst }) return null;
        Case c = Shrunk.Case;
        double t = c.DType == DType.Float32 ? (float)truth[worst.FlatIndex] : truth[worst.FlatIndex];
        double subject = c.DType == DType.Float32 ? Ulp.Float32(actual[worst.FlatIndex], t) : Ulp.Float64(actual[worst.FlatIndex], t);
        double torch = c.DType == DType.Float32 ? Ulp.Float32(Shrunk.Expected[worst.FlatIndex], t) : Ulp.Float64(Shrunk.Expected[worst.FlatIndex], t);
        string who = subject < torch ? SubjectName : torch < subject ? "torch" : "neither";
        return $"{who} ({SubjectName} {Verdict.Number(subject)} ULP from the truth, torch {Verdict.Number(torch)} ULP)";
    }

    private static string Preview(double[] values)
    {
        const int shown = 16;
        string body = string.Join(", ", values.Take(shown).Select(Verdict.Number));
        return "[" + body + (values.Length > shown ? $", ... ({values.Length} values)" : "") + "]";
    }
}
