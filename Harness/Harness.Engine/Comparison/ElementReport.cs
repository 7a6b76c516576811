namespace Harness.Comparison;

/// <summary>One element of a comparison: where it is, both values, and how far apart they are.</summary>
/// <param name="FlatIndex">The row-major index.</param>
/// <param name="Index">The multi-index in the case's shape.</param>
/// <param name="Expected">The oracle's value.</param>
/// <param name="Actual">The subject's value.</param>
/// <param name="AbsError">|actual - expected| (+inf when special values differ).</param>
/// <param name="RelError">AbsError / |expected| (+inf when expected is 0 and actual is not).</param>
/// <param name="UlpError">The distance in ULPs of the case's dtype.</param>
/// <param name="Allowed">The absolute error the tolerance allows here (ULP mode: in ULPs).</param>
/// <param name="Truth">The high-precision value, when it was computed.</param>
public sealed record ElementReport(
    int FlatIndex,
    int[] Index,
    double Expected,
    double Actual,
    double AbsError,
    double RelError,
    double UlpError,
    double Allowed,
    double? Truth)
{
    public string IndexText => "[" + string.Join(", ", Index) + "]";
}
