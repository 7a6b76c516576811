using Harness.Cases;

namespace Harness.Comparison;

/// <summary>
/// The `parity` profile's second way to pass: an element is no further from the high-precision truth than torch's
/// own element, give or take one rounding step of the dtype. A kernel that is at least as accurate as PyTorch on a
/// case is never failed for it, whatever the envelope says.
/// </summary>
/// <remarks>
/// The allowance, derived:
/// <list type="number">
/// <item>Both sides end with one rounding to the dtype. Write s* and e* for the subject's and torch's results before
///   it, t for the truth, u for the dtype's spacing at t. Rounding moves a value by at most u/2, in a direction that
///   is luck (which side of the nearest grid point s* happens to fall).</item>
/// <item>So |s - t| &lt;= |s* - t| + u/2 and |e - t| &gt;= |e* - t| - u/2.</item>
/// <item>A subject that is as accurate as torch before rounding, |s* - t| &lt;= |e* - t|, therefore has
///   |s - t| &lt;= |e - t| + u. The rule allows exactly that: one u, not less (a correctly rounded torch and a
///   faithfully rounded subject differ by up to one u in their errors; ParityRuleTests shows such a pair), not
///   more (two u would pass a subject that is one full rounding step less accurate than torch everywhere).</item>
/// </list>
/// u is taken at the larger of |s| and |t| in the dtype, so that a value just below a power of two is not held to
/// the finer spacing of the binade below. Only finite triples qualify: a special value must match torch's.
/// </remarks>
public static class ParityRule
{
    /// <summary>True when |subject - truth| &lt;= |torch - truth| + u (u: the dtype's spacing at the truth).</summary>
    public static bool NoFurtherThanTorch(DType dtype, double subject, double torch, double truth)
    {
        if (!double.IsFinite(subject) || !double.IsFinite(torch) || !double.IsFinite(truth)) return false;
        double u = Spacing(dtype, Math.Max(Math.Abs(subject), Math.Abs(truth)));
        return Math.Abs(subject - truth) <= Math.Abs(torch - truth) + u;
    }

    /// <summary>The distance from |v| to the next larger value of the dtype (the smallest subnormal at 0).</summary>
    public static double Spacing(DType dtype, double v)
    {
        v = Math.Abs(v);
        if (dtype == DType.Float32)
        {
            float f = (float)v;
            if (float.IsInfinity(f)) f = float.MaxValue;
            return (double)MathF.BitIncrement(f) - f;
        }
        return double.IsInfinity(Math.BitIncrement(v)) ? Math.BitIncrement(v / 2) - v / 2 : Math.BitIncrement(v) - v;
    }

    /// <summary>
    /// The excuse the comparison against the truth gets under `parity`: element i passes when it is within the
    /// tolerance of torch (<paramref name="outsideTorch"/>[i] false), or no further from the truth than torch.
    /// </summary>
    public static Func<int, bool> Excuse(Case c, double[] torch, double[] actual, double[] truth, bool[] outsideTorch) =>
        i => !outsideTorch[i] || NoFurtherThanTorch(c.DType, actual[i], torch[i], truth[i]);
}
