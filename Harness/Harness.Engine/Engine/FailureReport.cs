using System.Text;
using Harness.Comparison;
using Harness.Cases;
using Harness.Generation;
using Harness.Subjects;

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

    /// <summary>The profile and tolerance file the rerun command repeats.</summary>
    public RerunContext Rerun { get; init; } = RerunContext.None;

    /// <summary>The `check --input` entry the case came from ("report.json#2"); null for a generated case.</summary>
    public string? Input { get; init; }

    /// <summary>Failing cases of the run with the same kind and regime as this one (0: not counted).</summary>
    public int Similar { get; init; }

    /// <summary>The failure's kind (what the shrunk case keeps: <see cref="FailureSymptom"/>).</summary>
    public FailureKind Kind => FailureKind.Of(Original) ?? FailureKind.Of(Shrunk) ?? FailureKind.FiniteError;

    /// <summary>The regime the generator drew the case from.</summary>
    public string OriginalRegime => Original.Case.Regime.Length == 0 ? "-" : Original.Case.Regime;

    /// <summary>The regime the shrunk case's values look like now (<see cref="RegimeClassifier"/>).</summary>
    public string ShrunkRegime => RegimeClassifier.Classify(Shrunk.Case);

    /// <summary>What the subject threw on the shrunk case, if it threw.</summary>
    public ThrownError? Thrown => Shrunk.SubjectError is { } e ? ThrownError.From(e) : null;

    /// <summary>
    /// The failure message: a header naming the subject, what went wrong and the case (regime it came from and what
    /// it is now), the verdict of the shrunk case (aligned fields) or the exception with the frames of the subject's
    /// code, the failure's kind, for backward cases the verdict in isolation, its input, and how to rerun it. The
    /// format is documented in README.md ("Reading a failure") and pinned by a test.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var c = Shrunk.Case;
        string what = Shrunk.SubjectError is { } e ? $"threw {e.GetType().Name} on" : "disagrees with torch on";
        text.Append($"{SubjectName} {what} {c.Kind}: shape [{string.Join(", ", c.Shape)}], dim {c.Dim}, regime {OriginalRegime}, now {ShrunkRegime}");
        text.Append($" (shrunk from [{string.Join(", ", Original.Case.Shape)}] in {ShrinkSteps} steps)\n");
        text.Append(Shrunk.Describe(SubjectName)).Append('\n');
        if (Closer() is { } closer) text.Append("  Closer:    ").Append(closer).Append('\n');
        if (Shrunk.VsTruth is { Passed: false, Worst: { } w } vsTruth)
        {
            // Arbitration was asked and did not excuse the case: say where the subject misses the truth too.
            text.Append("  Vs truth:  ").Append($"{vsTruth.Mismatches} of {vsTruth.Count} elements outside; worst {w.IndexText}: ")
                .Append($"truth {Verdict.Number(w.Expected)}, {SubjectName} {Verdict.Number(w.Actual)}, {Verdict.Number(w.UlpError)} ULP").Append('\n');
        }
        text.Append("  Kind:      ").Append(Kind);
        if (Similar > 0) text.Append($" ({Similar} failing case{(Similar == 1 ? "" : "s")} of this kind in regime {OriginalRegime})");
        text.Append('\n');
        if (Shrunk.Isolation is { } isolation) text.Append(isolation.Describe(SubjectName)).Append('\n');
        text.Append("  x:         ").Append(Preview(c.X)).Append('\n');
        if (c.Dy is not null) text.Append("  dy:        ").Append(Preview(c.Dy)).Append('\n');
        if (Input is null) text.Append("  Token:     ").Append(Token).Append('\n');
        else text.Append("  Input:     ").Append(Input).Append('\n');
        text.Append("  Rerun:     ").Append(RerunCommand());
        if (FixturePath is not null) text.Append('\n').Append("  Fixture:   ").Append(FixturePath);
        return text.ToString();
    }

    /// <summary>
    /// The command that reruns exactly this case against this subject under the same profile, tolerances and seed.
    /// A built-in subject that the test suite cross-checks also gets the test suite's form (HARNESS_REPLAY runs just
    /// that case there); a user's DLL only the harness's, which loads it (the test suite never does).
    /// </summary>
    public string RerunCommand()
    {
        var harness = new StringBuilder("harness check --subject ").Append(Quote(Subject));
        if (Rerun.Profile is { } profile) harness.Append(" --profile ").Append(profile);
        if (Rerun.ToleranceFile is { } file) harness.Append(" --tolerances ").Append(Quote(file));
        harness.Append(" --tolerance ").Append(Shrunk.Case.Kind).Append('=').Append(Settings.ToleranceSpec.Format(Tolerance));
        if (Input is not null && Rerun.InputFile is { } inputFile) return harness.Append(" --input ").Append(Quote(inputFile)).ToString();
        harness.Append(" --seed ").Append(Token.Seed).Append(" --replay ").Append(Token);
        return SubjectCatalog.DefaultNames.Contains(Subject)
            ? $"HARNESS_REPLAY={Token} ./run-tests.sh   or   {harness}"
            : harness.ToString();
    }

    private static string Quote(string text) => text.Contains(' ') ? $"'{text}'" : text;

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
