using Harness.Cases;
using Harness.Generation;
using Harness.Oracles;
using Harness.Settings;
using Harness.Subjects;
using Reference;

namespace Harness.Engine;

/// <summary>What a check run covers and how.</summary>
public sealed record CheckOptions
{
    public required IReadOnlyList<KernelSubject> Subjects { get; init; }
    public IReadOnlyList<SoftmaxOp> Ops { get; init; } = Names.AllOps;
    public IReadOnlyList<Pass> Passes { get; init; } = Names.AllPasses;
    public IReadOnlyList<DType> DTypes { get; init; } = Names.AllDTypes;

    /// <summary>Cases per op x pass x dtype x subject (before sharding).</summary>
    public int Cases { get; init; } = 100;

    public ulong Seed { get; init; } = RunSettings.DefaultSeed;
    public GeneratorOptions Generator { get; init; } = GeneratorOptions.Default;
    public ToleranceTable Tolerances { get; init; } = ToleranceTable.Defaults;

    /// <summary>This run takes the case indices i with i mod N = K (0-based K), so N machines split one stream.</summary>
    public (int K, int N) Shard { get; init; } = (0, 1);

    /// <summary>Computes the high-precision truth of every case (slower; needed for tuning and `show`).</summary>
    public ICaseEvaluator? Truth { get; init; }

    /// <summary>The high-precision oracle for shrunk failures only (cheap: says which side is right where they
    /// disagree). <see cref="Truth"/>, when set, is used for them as well.</summary>
    public ICaseEvaluator? FailureTruth { get; init; }

    /// <summary>The high-precision oracle that arbitrates when a subject misses torch: a case where the subject is
    /// within tolerance of the truth passes as "torch off" (torch is the inaccurate side). Null: torch decides.
    /// Default: the double-double <see cref="ExactOracle"/>.</summary>
    public ICaseEvaluator? Arbiter { get; init; } = new ExactOracle();

    /// <summary>Worker threads; subjects must be thread-safe when more than 1 (the built-in ones are).</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Stop each group at its first failure (property-test style) instead of counting them all.</summary>
    public bool StopAtFirstFailure { get; init; }

    /// <summary>Distinct failures to shrink per group, distinct by <see cref="FailureKind"/> and regime (the rest are
    /// counted and listed in <see cref="GroupResult.Failing"/>).</summary>
    public int ShrinkPerGroup { get; init; } = DefaultDistinct;

    /// <summary>Distinct failures shrunk per group by default (issue #18: at least 5, so that a kernel with several
    /// defects shows each of them, not one per group).</summary>
    public const int DefaultDistinct = HarnessDefaults.DistinctFailures;

    /// <summary>What a failure's rerun command must repeat beside the subject and token (profile, tolerance file).</summary>
    public RerunContext Rerun { get; init; } = RerunContext.None;

    /// <summary>Only these given cases (`check --input`), instead of the stream and <see cref="Only"/>; null: none.</summary>
    public IReadOnlyList<Inputs.InputCases.Entry>? Inputs { get; init; }

    /// <summary>Only these tokens (a replay of single cases); null: the generated stream.</summary>
    public IReadOnlyList<CaseToken>? Only { get; init; }

    /// <summary>Called with every shrunk failure; returns the fixture path it saved, or null.</summary>
    public Func<FailureReport, string?>? SaveFailure { get; init; }

    /// <summary>Called with every case's outcome (from worker threads): error statistics for tuning.</summary>
    public Action<string, CaseOutcome>? Observe { get; init; }
}
