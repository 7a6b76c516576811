using FsCheck;
using FsCheck.Fluent;
using Harness.Cases;
using Harness.Generation;
using Reference;

namespace PropertyTests.Support;

/// <summary>
/// Runs an FsCheck property over generated cases with the run's seed (HARNESS_SEED) and a case count scaled by
/// HARNESS_SCALE. FsCheck shrinks with the engine's shrinker and, on failure, throws with the shrunk case and its
/// own "Replay" seed.
/// </summary>
internal static class PropertyCheck
{
    /// <summary>The finite regimes: invariants such as "rows sum to 1" hold only where the output is finite.</summary>
    public static readonly IReadOnlyList<string> FiniteRegimes =
        [Regime.Normal, Regime.Wide, Regime.Dominant, Regime.NearTies, Regime.Masked, Regime.TinySpread,
         Regime.SubnormalOutput, Regime.SingleColumn, Regime.Empty];

    public static void ForAll(SoftmaxOp op, Pass pass, DType dtype, int cases, Action<Case> property, IReadOnlyList<string>? regimes = null, int maxElements = 4096)
    {
        var options = new GeneratorOptions(MaxElements: Math.Min(maxElements, TestRun.Settings.MaxElements), Regimes: regimes ?? FiniteRegimes);
        Arbitrary<Case> arbitrary = CaseGenerator.Arbitrary(op, pass, dtype, options);
        ulong seed = TestRun.Settings.Seed;
        Config config = Config.QuickThrowOnFailure
            .WithMaxTest(TestRun.Settings.Scaled(cases))
            .WithReplay(seed, 2 * seed + 1);
        Check.One(config, Prop.ForAll(arbitrary, property));
    }
}
