using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Cases;
using Harness.Comparison;
using Harness.Generation;
using Harness.Inputs;
using Harness.Oracles;
using Harness.Subjects;
using Reference;

namespace Harness.Engine;

/// <summary>
/// The engine's main loop, shared by the property tests and `harness check`: for each subject x op x pass x dtype,
/// generate the case stream (or the given tokens), cross-check every case against torch on
/// <see cref="CheckOptions.Workers"/> threads, then shrink the first failure of each distinct kind x regime (up to
/// <see cref="CheckOptions.ShrinkPerGroup"/>), save them, and report.
/// </summary>
public static class CheckRunner
{
    public static CheckReport Run(CheckOptions options, IProgress<CheckProgress>? progress = null, CancellationToken cancel = default)
    {
        var groups = new List<GroupResult>();
        var started = Stopwatch.StartNew();
        var work = Plan(options).ToList();
        long total = work.Sum(w => (long)w.Tokens.Count);
        long done = 0;
        var live = new LiveCount();
        foreach (var (subject, op, pass, dtype, tokens) in work)
        {
            cancel.ThrowIfCancellationRequested();
            var group = new GroupResult(subject.Name, op, pass, dtype);
            IReadOnlyList<InputCases.Entry>? given = options.Inputs?.Where(e => e.Case.Op == op && e.Case.Pass == pass && e.Case.DType == dtype).ToList();
            RunGroup(options, subject, group, tokens, given, cancel, live, n =>
            {
                long d = Interlocked.Add(ref done, n);
                progress?.Report(new CheckProgress(d, total, Volatile.Read(ref live.Failures), group.Kind + " " + subject.Name));
            });
            groups.Add(group);
        }
        return new CheckReport(options.Seed, groups, started.Elapsed);
    }

    private static IEnumerable<(KernelSubject Subject, SoftmaxOp Op, Pass Pass, DType DType, IReadOnlyList<CaseToken> Tokens)> Plan(CheckOptions o)
    {
        foreach (KernelSubject subject in o.Subjects)
            foreach (SoftmaxOp op in o.Ops)
                foreach (Pass pass in o.Passes)
                    foreach (DType dtype in o.DTypes)
                    {
                        IReadOnlyList<CaseToken> tokens = o.Inputs is not null
                            ? o.Inputs.Where(e => e.Case.Op == op && e.Case.Pass == pass && e.Case.DType == dtype).Select(InputCases.Token).ToList()
                            : o.Only is not null
                            ? o.Only.Where(t => t.Op == op && t.Pass == pass && t.DType == dtype).ToList()
                            : Enumerable.Range(0, o.Cases).Where(i => i % o.Shard.N == o.Shard.K)
                                .Select(i => new CaseToken(op, pass, dtype, o.Seed, i)).ToList();
                        if (tokens.Count > 0) yield return (subject, op, pass, dtype, tokens);
                    }
    }

    private static void RunGroup(CheckOptions o, KernelSubject subject, GroupResult group, IReadOnlyList<CaseToken> tokens,
        IReadOnlyList<InputCases.Entry>? given, CancellationToken cancel, LiveCount live, Action<int> advanced)
    {
        Tolerance tolerance = o.Tolerances.For(group.Op, group.Pass, group.DType);
        var failing = new ConcurrentBag<(int Index, FailingCase Case)>();
        var firstOfKey = new ConcurrentDictionary<(FailureKind Kind, string Regime), (int Index, CaseOutcome Outcome)>();
        var stats = new ConcurrentBag<(GroupResult Partial, Timing Timing)>();
        var watch = Stopwatch.StartNew();
        int workers = Math.Max(1, Math.Min(o.Workers, tokens.Count));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel };
        int firstFailure = int.MaxValue;

        // Each worker keeps its own partial statistics and oracle; merged after the loop (no locks per case).
        Parallel.For(0, tokens.Count, parallel,
            () => (Partial: new GroupResult(group.Subject, group.Op, group.Pass, group.DType), Timing: new Timing(), Oracle: new TorchOracle()),
            (i, state, local) =>
            {
                if (o.StopAtFirstFailure && i > Volatile.Read(ref firstFailure)) return local;
                Case c = given is not null ? given[i].Case : CaseGenerator.Generate(tokens[i], o.Generator);
                CaseOutcome outcome = CrossCheck.Run(c, subject, local.Oracle, tolerance, o.Truth, offset: (int)(tokens[i].Index % 17), local.Timing, o.Arbiter);
                Record(local.Partial, outcome);
                o.Observe?.Invoke(subject.Name, outcome);
                if (outcome.Failed)
                {
                    Interlocked.Increment(ref live.Failures);
                    FailureKind kind = FailureKind.Of(outcome)!;
                    failing.Add((i, new FailingCase(tokens[i], kind, c.Regime) { Input = given?[i].Label }));
                    // Only the first outcome of each distinct (kind, regime) is kept: the rest are counted, not held.
                    firstOfKey.AddOrUpdate((kind, c.Regime), (i, outcome), (_, seen) => i < seen.Index ? (i, outcome) : seen);
                    int seen;
                    while (i < (seen = Volatile.Read(ref firstFailure)) && Interlocked.CompareExchange(ref firstFailure, i, seen) != seen) { }
                }
                if ((i & 63) == 63) advanced(64);
                return local;
            },
            local => stats.Add((local.Partial, local.Timing)));
        advanced(tokens.Count & 63);

        group.WorkersUsed = workers;
        foreach (var (partial, timing) in stats) Merge(group, partial, timing);
        group.Elapsed = watch.Elapsed;

        group.Failing.AddRange(failing.OrderBy(f => f.Index).Select(f => f.Case));
        foreach (var f in group.Failing) group.FailuresByRegime[f.Regime] = group.FailuresByRegime.GetValueOrDefault(f.Regime) + 1;

        var oracle = new TorchOracle();
        foreach (var (key, (index, outcome)) in Distinct(firstOfKey, o.ShrinkPerGroup))
        {
            int similar = group.Failing.Count(f => f.Kind == key.Kind && f.Regime == key.Regime);
            group.Shrunk.Add(ShrinkAndSave(o, subject, oracle, tolerance, tokens[index], outcome, given?[index].Label) with { Similar = similar });
        }
    }

    /// <summary>The distinct failures to shrink, at most <paramref name="limit"/>: first one per kind (in the order
    /// the stream met them), then further regimes of the kinds already shown. A defect that shows in every regime
    /// thus cannot crowd out one of another kind.</summary>
    private static IEnumerable<KeyValuePair<(FailureKind Kind, string Regime), (int Index, CaseOutcome Outcome)>> Distinct(
        IDictionary<(FailureKind Kind, string Regime), (int Index, CaseOutcome Outcome)> firstOfKey, int limit)
    {
        var ordered = firstOfKey.OrderBy(e => e.Value.Index).ToList();
        var firstOfKind = ordered.GroupBy(e => e.Key.Kind).Select(g => g.First()).ToList();
        return firstOfKind.Concat(ordered.Except(firstOfKind)).Take(limit);
    }

    private static FailureReport ShrinkAndSave(CheckOptions o, KernelSubject subject, ICaseEvaluator oracle, Tolerance tolerance, CaseToken token, CaseOutcome original, string? input)
    {
        int offset = (int)(token.Index % 17);
        FailureSymptom symptom = FailureSymptom.Of(original)!;
        (Case smallest, int steps) = Shrinker.Minimize(original.Case,
            candidate => symptom.KeptBy(CrossCheck.Run(candidate, subject, oracle, tolerance, offset: offset, arbiter: o.Arbiter)));
        CaseOutcome shrunk = CrossCheck.Run(smallest, subject, oracle, tolerance, o.Truth ?? o.FailureTruth ?? o.Arbiter, offset, arbiter: o.Arbiter);
        if (smallest.Pass == Pass.Backward && shrunk.Failed)
        {
            shrunk = shrunk with { Isolation = BackwardIsolation.Run(shrunk, subject, oracle, o.Tolerances.For(smallest.Op, Pass.Forward, smallest.DType), tolerance, offset, o.Arbiter) };
        }
        var report = new FailureReport(subject.Spec, token, original, shrunk, steps, tolerance) { SubjectName = subject.Name, Rerun = o.Rerun, Input = input };
        string? path = o.SaveFailure?.Invoke(report);
        return path is null ? report : report with { FixturePath = path };
    }

    private static void Record(GroupResult g, CaseOutcome outcome)
    {
        g.Cases++;
        g.Elements += outcome.Case.Count;
        if (outcome.Failed) g.Failures++;
        if (outcome.TorchOff) g.TorchOff++;
        if (outcome.Verdict is { } v)
        {
            g.MaxAbsError = Math.Max(g.MaxAbsError, v.MaxAbsError);
            g.MaxRelError = Math.Max(g.MaxRelError, v.MaxRelError);
            g.MaxUlpError = Math.Max(g.MaxUlpError, v.MaxUlpError);
        }
        if (outcome.Truth is { } truth)
        {
            g.MaxTorchUlpVsTruth = Max(g.MaxTorchUlpVsTruth, TruthUlps(outcome.Case, outcome.Expected, truth));
            // An arbitrated case's verdict against the truth already holds that largest ULP error (same pairs, same truth).
            if (outcome.Actual is { } actual) g.MaxSubjectUlpVsTruth = Max(g.MaxSubjectUlpVsTruth, outcome.VsTruth?.MaxUlpError ?? TruthUlps(outcome.Case, actual, truth));
        }
    }

    /// <summary>The largest ULP distance between an output and the truth rounded to the case's dtype (finite pairs).</summary>
    public static double TruthUlps(Case c, double[] output, double[] truth)
    {
        double worst = 0;
        if (c.DType == DType.Float32)
        {
            for (int i = 0; i < output.Length; i++)
            {
                double t = (float)truth[i];
                if (double.IsFinite(t) && double.IsFinite(output[i])) worst = Math.Max(worst, Ulp.Float32(output[i], t));
            }
        }
        else
        {
            for (int i = 0; i < output.Length; i++)
            {
                if (double.IsFinite(truth[i]) && double.IsFinite(output[i])) worst = Math.Max(worst, Ulp.Float64(output[i], truth[i]));
            }
        }
        return worst;
    }

    // NaN means "not computed" (a worker that saw no arbitrated case): it never wins, on either side (Math.Max would
    // return NaN whenever one side is NaN, so a merge order could erase a real maximum).
    private static double Max(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    private static void Merge(GroupResult into, GroupResult part, Timing timing)
    {
        into.Cases += part.Cases;
        into.Failures += part.Failures;
        into.TorchOff += part.TorchOff;
        into.Elements += part.Elements;
        into.MaxAbsError = Math.Max(into.MaxAbsError, part.MaxAbsError);
        into.MaxRelError = Math.Max(into.MaxRelError, part.MaxRelError);
        into.MaxUlpError = Math.Max(into.MaxUlpError, part.MaxUlpError);
        into.MaxTorchUlpVsTruth = Max(into.MaxTorchUlpVsTruth, part.MaxTorchUlpVsTruth);
        into.MaxSubjectUlpVsTruth = Max(into.MaxSubjectUlpVsTruth, part.MaxSubjectUlpVsTruth);
        into.Timing.Add(timing);
    }

    /// <summary>Failures counted as they happen, for the progress display (the group's own count is merged at its end).</summary>
    private sealed class LiveCount
    {
        public int Failures;
    }
}
