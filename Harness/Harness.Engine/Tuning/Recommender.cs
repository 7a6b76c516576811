using System.Globalization;
using Harness.Cases;
using Harness.Comparison;

namespace Harness.Tuning;

/// <summary>
/// Recommends tolerances from observed errors. For each mode: the tightest parameter that passes every observed
/// case, times a margin (default 3: a fresh sample can meet a larger error than any seen, mostly in the rare long-row
/// regime; with x2 a fresh default `check` met one case at 1.2x the float64 log_softmax bound, and libtorch's last
/// bits also move with its CPU dispatch), rounded up to two significant digits. Floors: 1 ULP, k = 1,
/// atol = the dtype's smallest subnormal (0 would reject a subject that is off by one subnormal where torch gives 0).
/// allclose has two parameters: for each rtol on a grid (0 and eps * 2^j), the atol every case needs at that rtol
/// is known exactly from the cases' error frontiers; of those pairs, the one with the least slack is taken.
/// </summary>
public static class Recommender
{
    public const double DefaultMargin = 3;

    public static Recommendation Recommend(string key, IReadOnlyList<ErrorSample> samples, double margin = DefaultMargin)
    {
        if (!(margin >= 1) || !double.IsFinite(margin)) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be a finite number of at least 1.");
        DType dtype = key.EndsWith("float32", StringComparison.Ordinal) ? DType.Float32 : DType.Float64;
        var usable = samples.Where(s => !s.Hopeless).ToList();

        double maxUlp = usable.Count == 0 ? 0 : usable.Max(s => s.NeededUlp);
        var ulp = Tolerance.Ulps(Math.Max(1, Math.Ceiling(maxUlp * margin)));

        double maxK = usable.Count == 0 ? 0 : usable.Max(s => s.NeededK);
        var model = Tolerance.Model(Math.Max(1, RoundUp(maxK * margin)));

        (Tolerance allclose, double atolObserved) = BestAllClose(usable, dtype, margin);

        var modes = new[]
        {
            (Mode: ToleranceMode.Model, Rec: new ModeRecommendation(model, maxK, Slack(usable, model))),
            (Mode: ToleranceMode.Ulp, Rec: new ModeRecommendation(ulp, maxUlp, Slack(usable, ulp))),
            (Mode: ToleranceMode.AllClose, Rec: new ModeRecommendation(allclose, atolObserved, Slack(usable, allclose))),
        };
        // Least slack wins; on a tie the order above decides (model adapts to conditioning, then ulp, then allclose).
        ToleranceMode best = modes.OrderBy(m => m.Rec.Slack).First().Mode;
        return new Recommendation(key, samples.Count, samples.Count - usable.Count,
            modes[2].Rec, modes[1].Rec, modes[0].Rec, best);
    }

    /// <summary>The rtol grid: 0, then eps * 2^j up to 1.</summary>
    public static IEnumerable<double> RtolGrid(DType dtype)
    {
        yield return 0;
        for (double r = Comparison.ErrorModel.Epsilon(dtype); r <= 1; r *= 2) yield return r;
    }

    private static (Tolerance Tolerance, double AtolObserved) BestAllClose(IReadOnlyList<ErrorSample> usable, DType dtype, double margin)
    {
        double floor = RoundUp(Comparison.ErrorModel.Tiny(dtype));
        Tolerance? best = null;
        double bestSlack = double.PositiveInfinity, bestObserved = 0;
        foreach (double r in RtolGrid(dtype))
        {
            double atol = usable.Count == 0 ? 0 : usable.Max(s => s.NeededAtol(r));
            var candidate = Tolerance.AllClose(Math.Max(floor, RoundUp(atol * margin)), RoundUp(r * margin));
            double slack = Slack(usable, candidate);
            if (best is null || slack < bestSlack)
            {
                (best, bestSlack, bestObserved) = (candidate, slack, atol);
            }
        }
        return (best!, bestObserved);
    }

    /// <summary>Median over cases with a nonzero error of 1 / utilisation: how many times the error each case's worst
    /// element could grow before failing. +inf when no case has an error (every mode is then equally loose).</summary>
    public static double Slack(IReadOnlyList<ErrorSample> samples, Tolerance t)
    {
        var slacks = samples.Select(s => s.Utilisation(t)).Where(u => u > 0).Select(u => 1 / u).OrderBy(v => v).ToList();
        if (slacks.Count == 0) return double.PositiveInfinity;
        int mid = slacks.Count / 2;
        return slacks.Count % 2 == 1 ? slacks[mid] : (slacks[mid - 1] + slacks[mid]) / 2;
    }

    /// <summary>Rounds up to two significant digits (3.71e-6 -> 3.8e-6), exactly as the decimal is written; works in
    /// decimal digits, so subnormals (where 10^exponent underflows) round like any other number.</summary>
    public static double RoundUp(double v)
    {
        if (v <= 0 || !double.IsFinite(v)) return v;
        string text = v.ToString("E16", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        int exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        decimal mantissa = Math.Ceiling(decimal.Parse(text[..e], CultureInfo.InvariantCulture) * 10) / 10;
        for (int attempt = 0; attempt < 3; attempt++, mantissa += 0.1m)
        {
            decimal m = mantissa;
            int x = exponent;
            if (m >= 10) { m /= 10; x++; }
            double result = double.Parse($"{m.ToString(CultureInfo.InvariantCulture)}e{x}", CultureInfo.InvariantCulture);
            if (result >= v) return result;
        }
        return v;
    }
}
