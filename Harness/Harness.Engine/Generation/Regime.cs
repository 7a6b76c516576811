namespace Harness.Generation;

/// <summary>
/// The value regimes the generator mixes on purpose (DESIGN.md step 2): random data alone almost never reaches the
/// places where softmax kernels break. Weights are relative frequencies; ordinary data stays the largest share.
/// </summary>
public static class Regime
{
    public const string Normal = "normal";
    public const string Wide = "wide";
    public const string Dominant = "dominant";
    public const string NearTies = "near-ties";
    public const string Masked = "masked";
    public const string FullyMasked = "fully-masked";
    public const string PositiveInfinity = "pos-inf";
    public const string NaN = "nan";
    public const string TinySpread = "tiny-spread";
    public const string SubnormalOutput = "subnormal-out";
    public const string SingleColumn = "single-column";
    public const string LongRow = "long-row";
    public const string Empty = "empty";
    public const string EdgeValues = "edge-values";

    /// <summary>(weight, name) for every regime. Long rows are rare: each costs a 50k-element oracle call.</summary>
    public static readonly IReadOnlyList<(int Weight, string Name)> Weights =
    [
        (24, Normal), (10, Wide), (8, Dominant), (8, NearTies), (8, Masked), (4, FullyMasked),
        (4, PositiveInfinity), (4, NaN), (6, TinySpread), (6, SubnormalOutput), (5, SingleColumn),
        (1, LongRow), (3, Empty), (9, EdgeValues),
    ];

    public static IReadOnlyList<string> All { get; } = Weights.Select(w => w.Name).ToArray();
}
