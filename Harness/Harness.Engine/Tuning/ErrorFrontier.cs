namespace Harness.Tuning;

/// <summary>
/// The elements of one case that can decide an allclose tolerance: the Pareto frontier of (error d_i = |a_i - e_i|,
/// magnitude m_i = |e_i|) with large d and small m. allclose(atol, rtol) passes when d_i &lt;= atol + rtol m_i for
/// every i; an element with a smaller error and a larger magnitude than another can never be the one that fails,
/// for any atol and rtol, so keeping the frontier (a handful of points per case) keeps the case's answer to every
/// allclose question: the atol a given rtol needs, and how much of a given tolerance the case uses.
/// </summary>
public sealed class ErrorFrontier
{
    private readonly double[] _errors;
    private readonly double[] _magnitudes;

    private ErrorFrontier(double[] errors, double[] magnitudes)
    {
        _errors = errors;
        _magnitudes = magnitudes;
    }

    public int Count => _errors.Length;

    public static ErrorFrontier Empty { get; } = new([], []);

    /// <summary>From finite pairs (d_i, m_i); pairs with d_i = 0 never need a tolerance and are dropped.</summary>
    public static ErrorFrontier From(IEnumerable<(double Error, double Magnitude)> pairs)
    {
        // 1. Sort by magnitude ascending, larger error first among equal magnitudes.
        // 2. Scan: a point stays only if its error exceeds every error at a smaller (or equal) magnitude.
        var sorted = pairs.Where(p => p.Error > 0).OrderBy(p => p.Magnitude).ThenByDescending(p => p.Error).ToList();
        var errors = new List<double>();
        var magnitudes = new List<double>();
        double best = 0;
        foreach (var (d, m) in sorted)
        {
            if (d <= best) continue;
            best = d;
            errors.Add(d);
            magnitudes.Add(m);
        }
        return new ErrorFrontier(errors.ToArray(), magnitudes.ToArray());
    }

    /// <summary>The smallest atol with which allclose(atol, <paramref name="rtol"/>) passes: max_i max(0, d_i - rtol m_i).</summary>
    public double RequiredAtol(double rtol)
    {
        double atol = 0;
        for (int i = 0; i < _errors.Length; i++) atol = Math.Max(atol, _errors[i] - rtol * _magnitudes[i]);
        return atol;
    }

    /// <summary>The share of allclose(atol, rtol) the case uses: max_i d_i / (atol + rtol m_i) (over 1: fails).</summary>
    public double Utilisation(double atol, double rtol)
    {
        double u = 0;
        for (int i = 0; i < _errors.Length; i++)
        {
            double allowed = atol + rtol * _magnitudes[i];
            u = Math.Max(u, allowed > 0 ? _errors[i] / allowed : double.PositiveInfinity);
        }
        return u;
    }
}
