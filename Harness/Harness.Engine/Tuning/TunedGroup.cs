using Harness.Comparison;

namespace Harness.Tuning;

/// <summary>The observations and the recommendation for one op/pass/dtype, and how the current tolerance fares.</summary>
public sealed record TunedGroup(string Key, IReadOnlyList<ErrorSample> Samples, Recommendation Recommendation, Tolerance Current)
{
    /// <summary>Observed cases that fail under the tolerance in force now.</summary>
    public int CurrentFailures => Samples.Count(s => s.Utilisation(Current) > 1);

    public double MaxUlp => Max(Samples.Where(s => !s.Untunable), s => s.MaxUlp);
    public double MaxK => Max(Samples.Where(s => !s.Untunable), s => s.RequiredK);
    public double MaxTorchVsTruth => Max(Samples, s => s.TorchVsTruthUlp);
    public double MaxSubjectVsTruth => Max(Samples, s => s.SubjectVsTruthUlp);

    /// <summary>The same figures per generator regime, largest k first: which regime sets the bound.</summary>
    public IReadOnlyList<RegimeRow> Regimes =>
        Samples.GroupBy(s => s.Regime)
            .Select(g => new RegimeRow(g.Key, g.Count(), g.Count(s => s.Untunable),
                Max(g.Where(s => !s.Untunable), s => s.MaxUlp), Max(g.Where(s => !s.Untunable), s => s.RequiredK),
                Max(g, s => s.TorchVsTruthUlp), Max(g, s => s.SubjectVsTruthUlp)))
            .OrderByDescending(r => r.MaxK).ThenBy(r => r.Regime, StringComparer.Ordinal).ToList();

    private static double Max(IEnumerable<ErrorSample> samples, Func<ErrorSample, double> value)
    {
        double max = double.NaN;
        foreach (ErrorSample s in samples)
        {
            double v = value(s);
            if (!double.IsNaN(v) && (double.IsNaN(max) || v > max)) max = v;
        }
        return max;
    }
}

/// <summary>One regime's worst errors within an op/pass/dtype.</summary>
public sealed record RegimeRow(string Regime, int Cases, int Untunable, double MaxUlp, double MaxK, double MaxTorchVsTruth, double MaxSubjectVsTruth);
