using Harness.Generation;

namespace Harness.Engine;

/// <summary>One failing case of a run, as the failures file lists it: the token that regenerates it, its kind and
/// the regime the generator drew it from.</summary>
public sealed record FailingCase(CaseToken Token, FailureKind Kind, string Regime)
{
    /// <summary>The entry of a `check --input` file ("report.json#2"), for a given case; null for a generated one.</summary>
    public string? Input { get; init; }

    /// <summary>The token, or the input entry's label.</summary>
    public string Label => Input ?? Token.ToString();
}
