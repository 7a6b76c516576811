using System.Collections.Concurrent;
using Harness.Engine;
using Harness.Generation;
using Harness.Inputs;

namespace Harness.Cli;

/// <summary>`check --input FILE` (issue #18, item 9): given cases through the same pipeline, and `--save-inputs`, which
/// saves each of them as a fixture as it is, so a bug report's tensor becomes a permanent regression test.</summary>
internal static class InputOption
{
    /// <summary>The input file's absolute path (rerun commands repeat it), or null.</summary>
    public static string? Path(string? given, string workingDirectory) =>
        given is null ? null : System.IO.Path.GetFullPath(given, workingDirectory);

    /// <exception cref="UsageException">--input with --replay, or a file that is missing or malformed (the message
    /// names the file, the entry and the field).</exception>
    public static IReadOnlyList<InputCases.Entry>? Load(string? given, IReadOnlyList<CaseToken>? tokens, string workingDirectory)
    {
        if (given is null) return null;
        if (tokens is not null) throw UsageException.ForProblem("--input and --replay (or HARNESS_REPLAY) cannot be combined: --input runs exactly the cases of its file");
        string path = Path(given, workingDirectory)!;
        if (!File.Exists(path)) throw UsageException.ForMissingPath("--input: input file", given);
        try
        {
            return InputCases.Load(path, given);
        }
        catch (InputFormatException e)
        {
            throw UsageException.ForProblem("--input: " + e.Message);
        }
    }

    /// <summary>Saves every input case's outcome as a fixture, unshrunk, as the run meets it (from worker threads).</summary>
    public sealed class Saver(CheckOptions run, IReadOnlyList<InputCases.Entry> inputs, Func<FailureReport, string?> save)
    {
        private readonly Dictionary<Cases.Case, InputCases.Entry> _entries = inputs.ToDictionary(e => e.Case, e => e, CaseIdentity.Instance);
        private readonly ConcurrentQueue<(int Index, string Line)> _lines = new();

        /// <summary>One line per saved input: "Saved input report.json#0 (softmax/forward/float32 mine, fails): fixtures/....json".</summary>
        public IEnumerable<string> Lines => _lines.OrderBy(l => l.Index).Select(l => l.Line);

        public void Observe(string subjectName, CaseOutcome outcome)
        {
            if (!_entries.TryGetValue(outcome.Case, out InputCases.Entry? entry)) return;
            var subject = run.Subjects.First(s => s.Name == subjectName);
            var tolerance = run.Tolerances.For(outcome.Case.Op, outcome.Case.Pass, outcome.Case.DType);
            var report = new FailureReport(subject.Spec, InputCases.Token(entry), outcome, outcome, 0, tolerance)
            {
                SubjectName = subject.Name,
                Input = entry.Label,
                Rerun = run.Rerun,
            };
            string? path = save(report);
            string verdict = outcome.Failed ? "fails" : "passes";
            _lines.Enqueue((entry.Index, $"Saved input {entry.Label} ({outcome.Case.Kind} {subject.Name}, {verdict} now): {path ?? "not saved"}"));
        }
    }

    // The given case objects themselves (two entries may hold equal values; each is saved under its own label).
    private sealed class CaseIdentity : IEqualityComparer<Cases.Case>
    {
        public static readonly CaseIdentity Instance = new();

        public bool Equals(Cases.Case? a, Cases.Case? b) => ReferenceEquals(a, b);

        public int GetHashCode(Cases.Case c) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(c);
    }
}
