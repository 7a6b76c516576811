using Harness.Cases;
using Harness.Settings;
using Reference;

namespace Harness;

/// <summary>
/// What <see cref="Gate"/> runs. Every property left unset takes the default the command-line tool uses
/// (<see cref="HarnessDefaults"/>), after the environment variables the tool reads.
/// </summary>
public sealed record GateOptions
{
    /// <summary>The ops to check (default: softmax and log_softmax).</summary>
    public IReadOnlyList<SoftmaxOp> Ops { get; init; } = Names.AllOps;

    /// <summary>The passes to check (default: forward and backward).</summary>
    public IReadOnlyList<Pass> Passes { get; init; } = Names.AllPasses;

    /// <summary>The dtypes to check (default: float32 and float64).</summary>
    public IReadOnlyList<DType> DTypes { get; init; } = Names.AllDTypes;

    /// <summary>Cases per op x pass x dtype; null: <see cref="HarnessDefaults.CasesPerGroup"/> times HARNESS_SCALE.</summary>
    public int? Cases { get; init; }

    /// <summary>The seed; null: HARNESS_SEED, else <see cref="HarnessDefaults.Seed"/>.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Where failures are saved and fixtures replayed from; null: see <see cref="Gate.FixturesDirectory"/>.</summary>
    public string? FixturesDirectory { get; init; }

    /// <summary>Save every shrunk failure as a fixture file (default true).</summary>
    public bool SaveFailures { get; init; } = true;

    /// <summary>Worker threads; the kernel must be thread-safe when more than 1 (default: one per core).</summary>
    public int? Workers { get; init; }

    /// <summary>libtorch's intra-op threads, fixed for the process by the first call (default 1).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The standard: <see cref="ToleranceProfile.Parity"/> (as accurate as PyTorch) or
    /// <see cref="ToleranceProfile.Strict"/> (near-correctly rounded); null: HARNESS_PROFILE, else parity.</summary>
    public ToleranceProfile? Profile { get; init; }

    /// <summary>A tolerance file that replaces the profile's numbers (keeping its rule); null: HARNESS_TOLERANCES, else
    /// the profile's built-in file.</summary>
    public string? TolerancesFile { get; init; }

    /// <summary>A tolerance table that replaces all of the above (for tests of the harness itself).</summary>
    public ToleranceTable? Tolerances { get; init; }
}
