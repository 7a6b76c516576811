using Harness.Engine;

namespace Harness;

/// <summary>
/// The defaults every entry point shares: the command-line tool (`harness check`) and the library API
/// (<see cref="Gate"/>) read them from here, and a test pins that they agree.
/// </summary>
public static class HarnessDefaults
{
    /// <summary>Cases per op x pass x dtype x subject when none is given (scaled by HARNESS_SCALE): a few seconds for
    /// all eight groups of one kernel on two cores.</summary>
    public const int CasesPerGroup = 1500;

    /// <summary>The seed when neither an option nor HARNESS_SEED gives one: two runs without options see the same cases.</summary>
    public const ulong Seed = RunSettings.DefaultSeed;

    /// <summary>Arbitration by the double-double oracle is on: a subject that misses torch but matches the truth passes.</summary>
    public const bool Arbitrate = true;

    /// <summary>The folder that failures of a user's kernel are saved to and fixtures replayed from: beside the test
    /// project (library) or under the working directory (tool). Never this repository's own fixtures/.</summary>
    public const string FixturesFolderName = "harness-fixtures";

    /// <summary>Distinct failures (by kind and regime) shrunk, saved and reported per group.</summary>
    public const int DistinctFailures = 5;
}
