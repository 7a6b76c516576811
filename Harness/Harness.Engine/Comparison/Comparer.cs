using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Harness.Cases;

namespace Harness.Comparison;

/// <summary>
/// Compares a subject's output with the oracle's, element by element. NaN matches NaN and an infinity matches the
/// same infinity in every mode; any other pairing with a special value is a mismatch; finite pairs go to the mode.
/// </summary>
public static class Comparer
{
    /// <param name="c">The case both outputs were computed for (shape, dtype; the model mode reads x and dy).</param>
    /// <param name="expected">The oracle's output.</param>
    /// <param name="actual">The subject's output.</param>
    /// <param name="tolerance">The tolerance in force.</param>
    /// <param name="truth">The high-precision output, when computed; reported beside the worst element.</param>
    /// <param name="excused">Asked only for an element outside the tolerance: true lets it pass anyway (the parity
    /// rule, <see cref="ParityRule"/>); null: none is excused.</param>
    public static Verdict Compare(Case c, double[] expected, double[] actual, Tolerance tolerance, double[]? truth = null, Func<int, bool>? excused = null)
    {
        if (expected.Length != c.Count || actual.Length != c.Count) ThrowLengthMismatch(c, expected, actual);
        // The model's scales cost an exp per element: computed only when some element differs at all, into a pooled
        // buffer that goes back to the pool before the verdict is returned (it keeps only the allowance at its element).
        double[]? scales = null;
        double eps = ErrorModel.Epsilon(c.DType), tiny = ErrorModel.Tiny(c.DType);
        int mismatches = 0, worst = -1, largest = -1;
        double worstRatio = -1, largestUlp = -1, maxAbs = 0, maxRel = 0, maxUlp = 0;

        for (int i = 0; i < c.Count; i++)
        {
            double e = expected[i], a = actual[i];
            if (e.Equals(a) && double.IsFinite(e))
            {
                // Identical finite values (the common case): no error, nothing can change the statistics; the first
                // element still stands as the worst and the largest until something differs.
                if (worst < 0) { worst = i; worstRatio = 0; }
                if (largest < 0) { largest = i; largestUlp = 0; }
                continue;
            }
            double abs, rel, ulp, ratio;
            if (!double.IsFinite(e) || !double.IsFinite(a))
            {
                bool same = (double.IsNaN(e) && double.IsNaN(a)) || e.Equals(a);
                abs = rel = ulp = same ? 0 : double.PositiveInfinity;
                ratio = same ? 0 : double.PositiveInfinity;
            }
            else
            {
                abs = Math.Abs(a - e);
                rel = e == 0 ? (abs == 0 ? 0 : double.PositiveInfinity) : abs / Math.Abs(e);
                ulp = c.DType == DType.Float32 ? Ulp.Float32(a, e) : Ulp.Float64(a, e);
                maxAbs = Math.Max(maxAbs, abs);
                maxRel = Math.Max(maxRel, rel);
                maxUlp = Math.Max(maxUlp, ulp);
                ratio = tolerance.Mode == ToleranceMode.Ulp ? Ratio(ulp, Allowed(i, e)) : Ratio(abs, Allowed(i, e));
            }
            if (ratio > 1 && excused is not null && excused(i))
            {
                ratio = 1;
            }
            if (ratio > 1)
            {
                mismatches++;
            }
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = i;
            }
            if (largest < 0 || ulp > largestUlp)
            {
                largest = i;
                largestUlp = ulp;
            }
        }

        int pick = mismatches > 0 ? worst : largest;
        double allowedAtPick = pick < 0 || !double.IsFinite(expected[pick]) || !double.IsFinite(actual[pick]) ? 0 : Allowed(pick, expected[pick]);
        ElementReport? report = pick < 0 ? null : Report(c, pick, expected, actual, allowedAtPick, truth);
        if (scales is not null) ArrayPool<double>.Shared.Return(scales);
        return new Verdict(c.Count, mismatches, report, maxAbs, maxRel, maxUlp, tolerance);

        // What the tolerance allows at element i (ULP mode: in ULPs), for a finite pair.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        double Allowed(int i, double e)
        {
            switch (tolerance.Mode)
            {
                case ToleranceMode.AllClose:
                    return tolerance.Atol + tolerance.Rtol * Math.Abs(e);
                case ToleranceMode.Ulp:
                    return tolerance.MaxUlps;
                default:
                    if (scales is null)
                    {
                        scales = ArrayPool<double>.Shared.Rent(c.Count);
                        ErrorModel.Scales(c, scales);
                    }
                    // NaN: no bound applies (0); +inf: |x - m| overflowed, the element is unboundedly ill-conditioned.
                    double scale = double.IsNaN(scales[i]) ? 0 : scales[i];
                    return tolerance.K * (eps * scale + tiny);
            }
        }
    }

    /// <summary>Which elements lie outside <paramref name="tolerance"/> (true) under the same rules as <see cref="Compare"/>.</summary>
    public static bool[] Outside(Case c, double[] expected, double[] actual, Tolerance tolerance)
    {
        var outside = new bool[c.Count];
        Compare(c, expected, actual, tolerance, excused: i => { outside[i] = true; return false; });
        return outside;
    }

    /// <summary>Describes one element of a comparison (used by `show` for element-by-element tables).</summary>
    public static ElementReport Report(Case c, int i, double[] expected, double[] actual, double allowed, double[]? truth)
    {
        double e = expected[i], a = actual[i];
        bool same = (double.IsNaN(e) && double.IsNaN(a)) || e.Equals(a);
        double abs = double.IsFinite(e) && double.IsFinite(a) ? Math.Abs(a - e) : same ? 0 : double.PositiveInfinity;
        double rel = e == 0 || !double.IsFinite(e) ? (abs == 0 ? 0 : double.PositiveInfinity) : abs / Math.Abs(e);
        double ulp = c.DType == DType.Float32 ? Ulp.Float32(a, e) : Ulp.Float64(a, e);
        return new ElementReport(i, MultiIndex(c.Shape, i), e, a, abs, rel, ulp, allowed, truth?[i]);
    }

    /// <summary>The row-major multi-index of flat index <paramref name="flat"/>.</summary>
    public static int[] MultiIndex(int[] shape, int flat)
    {
        var index = new int[shape.Length];
        for (int k = shape.Length - 1; k >= 0; k--)
        {
            if (shape[k] == 0) continue;
            index[k] = flat % shape[k];
            flat /= shape[k];
        }
        return index;
    }

    // error / allowed, with 0 / 0 = 0 and anything over a zero allowance infinite.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Ratio(double error, double allowed) =>
        error == 0 ? 0 : allowed > 0 ? error / allowed : double.PositiveInfinity;

    // Out of line, so that the message's formatting does not weigh on the inlining decisions of the hot loop.
    [DoesNotReturn]
    private static void ThrowLengthMismatch(Case c, double[] expected, double[] actual) =>
        throw new ArgumentException($"Outputs have {expected.Length} (expected) and {actual.Length} (actual) elements; the case has {c.Count}.");
}
