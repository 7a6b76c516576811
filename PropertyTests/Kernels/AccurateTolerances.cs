namespace PropertyTests.Kernels;

/// <summary>The accuracy targets of the accurate kernel, as named constants with where each comes from.</summary>
internal static class AccurateTolerances
{
    /// <summary>float32 forward: correctly rounded (the brief's target; Ziv's test plus the double-double fallback).</summary>
    public const double Float32ForwardUlps = 0;

    /// <summary>float64 forward: at most 2 ULP everywhere (the brief's target; the analysis gives 0.5 + 2^-26).</summary>
    public const double Float64ForwardUlps = 2;
}
