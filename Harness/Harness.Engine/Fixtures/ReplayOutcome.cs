using System.Text;
using Harness.Comparison;

namespace Harness.Fixtures;

/// <summary>
/// What replaying a fixture found, as two separate findings: the subject now against the oracle now
/// (<see cref="Verdict"/>), and the oracle now against the oracle's output saved in the file
/// (<see cref="OracleDrift"/>: null when they are identical bit for bit, NaN matching NaN).
/// </summary>
public sealed record ReplayOutcome(Fixture Fixture, string SubjectName, string OracleName, Verdict Verdict, Verdict? OracleDrift)
{
    /// <summary>When the subject missed the oracle and an arbiter was given: the subject against the high-precision
    /// truth under the same tolerance (as `check` arbitrates).</summary>
    public Verdict? VsTruth { get; init; }

    /// <summary>What the subject threw on the case, if it threw (then <see cref="Verdict"/> compares an all-NaN output).</summary>
    public Exception? SubjectError { get; init; }

    /// <summary>The subject agrees with the oracle now, or misses it but matches the truth (the oracle is off).</summary>
    public bool SubjectPassed => SubjectError is null && (Verdict.Passed || VsTruth is { Passed: true });

    /// <summary>"NAME threw TYPE: message" (one line), or null when the subject returned.</summary>
    public string? ThrewText => SubjectError is { } e ? $"{SubjectName} threw {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}" : null;

    /// <summary>The oracle's output moved beyond the tolerance since the fixture was saved (a libtorch upgrade, a
    /// different CPU capability, or a hand-edited file).</summary>
    public bool OracleDrifted => OracleDrift is { Passed: false };

    public bool Passed => SubjectPassed && !OracleDrifted;

    /// <summary>
    /// The report, xunit style; the format is pinned by a test:
    /// <code>
    /// Fixture fixtures/softmax-forward-float32-0123456789abcdef.json failed: subject 'accurate' on softmax/forward/float32 shape=[2,2] dim=-1 regime=seed
    ///   Replay:    curated:seed-softmax-2x2-forward
    ///   Saved by:  torch 2.10.0.0, harness 0.1.0, 1 thread(s), avx512, 2025-01-31T12:00:00.0000000+00:00
    /// Subject vs torch now: all 4 elements within allclose(atol=1E-05, rtol=1.3E-06)
    /// ...
    /// Oracle drift (torch now vs saved): none, identical bit for bit
    /// </code>
    /// </summary>
    /// <param name="fixturePath">The file; shown relative to the repository when it is inside it.</param>
    public string Describe(string fixturePath)
    {
        var text = new StringBuilder();
        FixtureProvenance p = Fixture.Provenance;
        text.Append("Fixture ").Append(DisplayPath(fixturePath)).Append(Passed ? " passed" : " failed")
            .Append(": subject '").Append(SubjectName).Append("' on ").Append(Fixture.Case.Summary);
        text.Append("\n  ").Append("Replay:".PadRight(11)).Append(Fixture.ReplayToken);
        text.Append("\n  ").Append("Saved by:".PadRight(11))
            .Append($"torch {p.TorchVersion}, harness {p.HarnessVersion}, {p.Threads} thread(s), {p.CpuCapability}, {p.Date:o}");
        text.Append("\nSubject vs ").Append(OracleName).Append(" now: ")
            .Append(ThrewText ?? Verdict.Describe(OracleName, SubjectName));
        if (VsTruth is { } truth)
        {
            text.Append("\nSubject vs truth: ").Append(truth.Describe("truth", SubjectName));
            if (truth.Passed) text.Append($"\n(passes: {OracleName} is the one that is off here)");
        }
        text.Append("\nOracle drift (").Append(OracleName).Append(" now vs saved): ");
        if (OracleDrift is null) text.Append("none, identical bit for bit");
        else text.Append(OracleDrift.Describe("saved", OracleName + " now"));
        return text.ToString();
    }

    /// <summary>A full path inside the repository, relative to its root with forward slashes; any other path as given.</summary>
    public static string DisplayPath(string path)
    {
        string? root = FixtureStore.FindRepositoryRoot();
        if (root is null || !Path.IsPathFullyQualified(path)) return path;
        string relative = Path.GetRelativePath(root, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? path
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
