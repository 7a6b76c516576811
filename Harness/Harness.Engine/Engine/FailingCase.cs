using Harness.Generation;

namespace Harness.Engine;

/// <summary>One failing case of a run, as the failures file lists it: the token that regenerates it, its kind and
/// the regime the generator drew it from.</summary>
public sealed record FailingCase(CaseToken Token, FailureKind Kind, string Regime);
