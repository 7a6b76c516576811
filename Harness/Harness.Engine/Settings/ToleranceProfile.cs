namespace Harness.Settings;

/// <summary>
/// The standard a kernel is judged by. <see cref="Parity"/>: as accurate as PyTorch (the default for every subject
/// that is not built in). <see cref="Strict"/>: near-correctly rounded, as this repository's own kernels are.
/// </summary>
public enum ToleranceProfile
{
    /// <summary>PyTorch's own accuracy envelope (libtorch's errors against the high-precision truth, fitted per
    /// op/pass/dtype in the model mode), plus the rule that a subject no further from the truth than torch passes
    /// (<see cref="Comparison.ParityRule"/>). File: tolerances.parity.json.</summary>
    Parity,

    /// <summary>Tolerances tuned to the built-in near-correctly-rounded kernels. File: tolerances.json.</summary>
    Strict,
}
