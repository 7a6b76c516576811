using Reference.Numerics;

namespace PropertyTests.Kernels;

/// <summary>Named tolerances for the double-double tests, with where each number comes from.</summary>
internal static class DoubleDoubleTolerances
{
    /// <summary>
    /// "30 digits": a double-double carries 106 bits (2^-106 ~ 1.2e-32 relative); exp and log are a few roundings
    /// deep (QD's own bound is about 2^-104 ~ 5e-32), so 1e-30 leaves a margin of about 20 and still catches a
    /// lost low word (which shows at 1e-16) or a term dropped from a series (1e-20 to 1e-27).
    /// </summary>
    public const double KnownValue = 1e-30;

    /// <summary>
    /// exp(log x) = x is conditioned by |ln x|: an absolute error of 2^-106 |ln x| in log x (the last bit of a
    /// double-double of that size) becomes that relative error in exp. Allowed: (1 + |ln x|) * this.
    /// </summary>
    public const double IdentityPerUnitLog = 1e-30;

    /// <summary>Arithmetic (add, mul, div) is QD's: 2^-104 ~ 4.9e-32 relative, rounded up.</summary>
    public const double Arithmetic = 1e-31;

    /// <summary>Relative error of <paramref name="actual"/> against <paramref name="expected"/>, in double-double.</summary>
    public static double Relative(DoubleDouble actual, DoubleDouble expected)
    {
        DoubleDouble diff = actual - expected;
        return expected.Hi == 0 ? Math.Abs(diff.Hi) : Math.Abs(diff.Hi / expected.Hi);
    }
}
