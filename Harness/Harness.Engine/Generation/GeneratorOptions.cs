namespace Harness.Generation;

/// <summary>Bounds on generated cases.</summary>
/// <param name="MaxElements">The most elements one case may have (the long-row regime needs 50,257; below that it
/// falls back to the longest row that fits). Bounds a run's memory.</param>
/// <param name="TypicalElements">The budget of an ordinary case; most cases stay under it so a run is fast.</param>
/// <param name="Regimes">The regimes to draw from (null: all, with their weights).</param>
public sealed record GeneratorOptions(int MaxElements = GeneratorOptions.DefaultMaxElements, int TypicalElements = 256, IReadOnlyList<string>? Regimes = null)
{
    public const int DefaultMaxElements = 65_536;

    public static GeneratorOptions Default { get; } = new();
}
