using Harness.Cases;
using Harness.Comparison;
using Harness.Engine;

namespace Harness.Tuning;

/// <summary>
/// The errors of one case for one subject, everything tuning needs: against torch the largest absolute, relative
/// and ULP errors, the model constant k the case needs (<see cref="ErrorModel.RequiredK"/>) and the allclose frontier;
/// against the high-precision truth the ULP errors of torch and of the subject.
/// </summary>
/// <param name="Key">op/pass/dtype.</param>
/// <param name="Regime">The generator regime of the case.</param>
/// <param name="Subject">The subject's name.</param>
/// <param name="Untunable">The subject threw, or special values differ (NaN against a number): no tolerance helps.</param>
/// <param name="MaxAbs">Largest |subject - torch| over finite pairs.</param>
/// <param name="MaxRel">Largest |subject - torch| / |torch|.</param>
/// <param name="MaxUlp">Largest ULP distance between subject and torch.</param>
/// <param name="RequiredK">The smallest model constant k that passes the case.</param>
/// <param name="Frontier">The elements that decide any allclose tolerance.</param>
/// <param name="TorchVsTruthUlp">Largest ULP distance of torch from the truth rounded to the dtype (NaN: no truth).</param>
/// <param name="SubjectVsTruthUlp">The same for the subject.</param>
public sealed record ErrorSample(
    string Key,
    string Regime,
    string Subject,
    bool Untunable,
    double MaxAbs,
    double MaxRel,
    double MaxUlp,
    double RequiredK,
    ErrorFrontier Frontier,
    double TorchVsTruthUlp,
    double SubjectVsTruthUlp)
{
    /// <summary>The same errors of the subject measured against the high-precision truth (rounded to the dtype)
    /// instead of torch; null when no truth was computed. With arbitration (`check`'s default) a case passes a
    /// tolerance when it passes against torch or against the truth, so tuning takes the easier of the two.</summary>
    public ErrorSample? VsTruth { get; init; }

    /// <summary>True when the subject matched torch exactly on every element.</summary>
    public bool Exact => !Untunable && MaxUlp == 0;

    public static ErrorSample From(string subject, CaseOutcome outcome)
    {
        ErrorSample vsTorch = Measure(subject, outcome, outcome.Expected);
        if (outcome.Truth is not { } truth) return vsTorch;
        return vsTorch with { VsTruth = Measure(subject, outcome, CrossCheck.RoundToDType(outcome.Case, truth)) };
    }

    /// <summary>Name of the samples <see cref="OfTorch"/> makes.</summary>
    public const string TorchName = "libtorch";

    /// <summary>libtorch's own errors against the high-precision truth (rounded to the dtype), measured as if torch
    /// were the subject and the truth the oracle: what the `parity` profile is fitted to. Null without a truth.</summary>
    public static ErrorSample? OfTorch(CaseOutcome outcome)
    {
        if (outcome.Truth is not { } truth) return null;
        Tolerance any = outcome.Verdict?.Tolerance ?? Tolerance.Ulps(0);
        var torchAsSubject = outcome with
        {
            Actual = outcome.Expected,
            SubjectError = null,
            Verdict = new Verdict(outcome.Case.Count, 0, null, 0, 0, 0, any),
        };
        return Measure(TorchName, torchAsSubject, CrossCheck.RoundToDType(outcome.Case, truth));
    }

    private static ErrorSample Measure(string subject, CaseOutcome outcome, double[] expected)
    {
        Case c = outcome.Case;
        string key = c.Kind;
        double torchTruth = outcome.Truth is { } t ? CheckRunner.TruthUlps(c, outcome.Expected, t) : double.NaN;
        if (outcome.Actual is not { } actual || outcome.Verdict is null)
        {
            return new ErrorSample(key, c.Regime, subject, true, double.NaN, double.NaN, double.NaN, double.PositiveInfinity, ErrorFrontier.Empty, torchTruth, double.NaN);
        }
        Verdict verdict = Comparer.Compare(c, expected, actual, outcome.Verdict.Tolerance);
        bool special = false;
        var pairs = new List<(double, double)>();
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsFinite(e) && double.IsFinite(a))
            {
                pairs.Add((Math.Abs(a - e), Math.Abs(e)));
            }
            else if (!((double.IsNaN(e) && double.IsNaN(a)) || e.Equals(a)))
            {
                special = true;
            }
        }
        double subjectTruth = outcome.Truth is { } truth ? CheckRunner.TruthUlps(c, actual, truth) : double.NaN;
        double k = special ? double.PositiveInfinity : ErrorModel.RequiredK(c, expected, actual);
        return new ErrorSample(key, c.Regime, subject, special, verdict.MaxAbsError, verdict.MaxRelError, verdict.MaxUlpError,
            k, ErrorFrontier.From(pairs), torchTruth, subjectTruth);
    }

    /// <summary>The share of <paramref name="t"/> this case uses: its worst error over what the tolerance allows
    /// there (over 1: it fails; +inf when untunable).</summary>
    public double Utilisation(Tolerance t) =>
        VsTruth is { } truth ? Math.Min(OwnUtilisation(t), truth.OwnUtilisation(t)) : OwnUtilisation(t);

    /// <summary>The ULP tolerance this case needs (the easier of torch and the truth, when arbitrated).</summary>
    public double NeededUlp => VsTruth is { } t ? Math.Min(Need(MaxUlp), t.Need(t.MaxUlp)) : Need(MaxUlp);

    /// <summary>The model constant this case needs (the easier of torch and the truth, when arbitrated).</summary>
    public double NeededK => VsTruth is { } t ? Math.Min(Need(RequiredK), t.Need(t.RequiredK)) : Need(RequiredK);

    /// <summary>The atol this case needs at <paramref name="rtol"/> (the easier of torch and the truth, when arbitrated).</summary>
    public double NeededAtol(double rtol) =>
        VsTruth is { } t ? Math.Min(Need(Frontier.RequiredAtol(rtol)), t.Need(t.Frontier.RequiredAtol(rtol))) : Need(Frontier.RequiredAtol(rtol));

    /// <summary>Whether no tolerance of any mode can pass this case (against torch, nor against the truth).</summary>
    public bool Hopeless => Untunable && VsTruth is not { Untunable: false };

    private double Need(double value) => Untunable ? double.PositiveInfinity : value;

    private double OwnUtilisation(Tolerance t)
    {
        if (Untunable) return double.PositiveInfinity;
        return t.Mode switch
        {
            ToleranceMode.Ulp => Ratio(MaxUlp, t.MaxUlps),
            ToleranceMode.Model => Ratio(RequiredK, t.K),
            _ => Frontier.Utilisation(t.Atol, t.Rtol),
        };
    }

    private static double Ratio(double error, double allowed) =>
        error == 0 ? 0 : allowed > 0 ? error / allowed : double.PositiveInfinity;
}
