using Harness.Comparison;

namespace Harness.Tuning;

/// <summary>The recommended tolerance of one mode for one op/pass/dtype.</summary>
/// <param name="Tolerance">The tolerance: the tightest that passes every observed case, times the margin.</param>
/// <param name="Observed">What every observed case needs without margin (ulp: max ULP; model: max k; allclose: atol at
/// the chosen rtol).</param>
/// <param name="Slack">The median over cases with a nonzero error of allowed / observed at each case's worst
/// element (1 / utilisation); at least the margin. Smaller: the bound follows the errors more closely.</param>
public sealed record ModeRecommendation(Tolerance Tolerance, double Observed, double Slack);

/// <summary>The recommendation for one op/pass/dtype: one tolerance per mode and the mode with the least slack.</summary>
/// <param name="Key">op/pass/dtype.</param>
/// <param name="Cases">Cases observed (over every subject).</param>
/// <param name="Untunable">Cases no tolerance passes (the subject threw or special values differ); excluded.</param>
/// <param name="AllClose">The allclose recommendation.</param>
/// <param name="Ulp">The ULP recommendation.</param>
/// <param name="Model">The error-model recommendation.</param>
/// <param name="Best">The mode with the least slack.</param>
public sealed record Recommendation(
    string Key,
    int Cases,
    int Untunable,
    ModeRecommendation AllClose,
    ModeRecommendation Ulp,
    ModeRecommendation Model,
    ToleranceMode Best)
{
    public ModeRecommendation For(ToleranceMode mode) => mode switch
    {
        ToleranceMode.AllClose => AllClose,
        ToleranceMode.Ulp => Ulp,
        _ => Model,
    };

    /// <summary>The tolerance to write: the best mode, carrying every mode's parameters so a run can switch.</summary>
    public Tolerance Combined => new(Best, AllClose.Tolerance.Atol, AllClose.Tolerance.Rtol, Ulp.Tolerance.MaxUlps, Model.Tolerance.K);
}
