using Harness.Cases;
using Reference;

namespace Harness.Generation;

/// <summary>
/// Shrink candidates for a case, simplest first: lower rank, then smaller sizes, then simpler values (toward 0 and
/// small integers). <see cref="Minimize"/> keeps a candidate only while it still fails; the same candidates serve
/// FsCheck's own shrinking through <see cref="CaseGenerator.Arbitrary"/>.
/// </summary>
public static class Shrinker
{
    /// <summary>Greedy shrinking: repeatedly take the first candidate that still fails. The engine's predicate also
    /// keeps the failure's symptom (<see cref="Engine.FailureSymptom"/>), so a large defect is not traded for a small one.</summary>
    /// <param name="failing">A failing case.</param>
    /// <param name="fails">Whether a case still fails (the same property, the same subject).</param>
    /// <param name="maxEvaluations">A bound on the calls to <paramref name="fails"/>.</param>
    /// <returns>The smallest failing case found and the number of shrinks taken.</returns>
    public static (Case Case, int Steps) Minimize(Case failing, Func<Case, bool> fails, int maxEvaluations = 4000)
    {
        Case current = failing;
        int steps = 0, evaluations = 0;
        bool progress = true;
        while (progress && evaluations < maxEvaluations)
        {
            progress = false;
            foreach (Case candidate in Candidates(current))
            {
                if (++evaluations > maxEvaluations) break;
                if (fails(candidate))
                {
                    current = candidate;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        return (current, steps);
    }

    public static IEnumerable<Case> Candidates(Case c)
    {
        foreach (Case smaller in LowerRank(c)) yield return smaller;
        foreach (Case smaller in SmallerSizes(c)) yield return smaller;
        foreach (Case simpler in SimplerValues(c)) yield return simpler;
    }

    // 1. Rank: drop an axis by keeping one slice of it (first, then last); an axis of size 1 just goes away.
    //    The normalised axis goes too when another axis can take over as dim. A negative dim stays negative (the
    //    same axis counted from the end): a bug that exists only for negative dims must not shrink away.
    private static IEnumerable<Case> LowerRank(Case c)
    {
        int rank = c.Rank;
        if (rank == 0) yield break;
        int d = RowLayout.NormalizeDim(rank, c.Dim);
        for (int axis = 0; axis < rank; axis++)
        {
            if (axis == d && rank == 1) continue;
            int newDim = axis < d ? d - 1 : axis > d ? d : Math.Min(d, rank - 2);
            if (c.Dim < 0) newDim -= rank - 1;
            int size = c.Shape[axis];
            if (size == 0) continue;
            foreach (int keep in size == 1 ? [0] : new[] { 0, size - 1 })
            {
                yield return Slice(c, axis, keep, 1, removeAxis: true, newDim);
            }
        }
    }

    // 2. Sizes: halve an axis (either half), then drop its first or last element.
    private static IEnumerable<Case> SmallerSizes(Case c)
    {
        int d = c.Dim; // the rank stays: the dim as given, sign included
        for (int axis = 0; axis < c.Rank; axis++)
        {
            int size = c.Shape[axis];
            if (size <= 1) continue;
            int half = size / 2;
            yield return Slice(c, axis, 0, half, removeAxis: false, d);
            yield return Slice(c, axis, size - half, half, removeAxis: false, d);
            if (size >= 8)
            {
                // Failures that need a long row (accumulation error) shrink by quarters and eighths, not one by one.
                yield return Slice(c, axis, 0, size - size / 4, removeAxis: false, d);
                yield return Slice(c, axis, 0, size - size / 8, removeAxis: false, d);
            }
            if (size > 2)
            {
                yield return Slice(c, axis, 1, size - 1, removeAxis: false, d);
                yield return Slice(c, axis, 0, size - 1, removeAxis: false, d);
            }
        }
    }

    // 3. Values: first all at once (every value to 0, rounded to an integer, halved), then one element at a time
    //    (0, its integer part, its half), then dy likewise. Special values (NaN, infinities) are offered 0 too.
    private static IEnumerable<Case> SimplerValues(Case c)
    {
        if (c.Count == 0) yield break;
        foreach (Func<double, double> simplify in BulkSimplifications)
        {
            double[] x = Map(c.X, simplify, c.DType);
            if (!SameBits(x, c.X)) yield return c.With(x: x);
        }
        foreach (double[] x in OneAtATime(c.X, c.DType)) yield return c.With(x: x);
        if (c.Dy is null) yield break;
        foreach (Func<double, double> simplify in BulkSimplifications)
        {
            double[] dy = Map(c.Dy, simplify, c.DType);
            if (!SameBits(dy, c.Dy)) yield return c.With(dy: dy);
        }
        foreach (double[] dy in OneAtATime(c.Dy, c.DType)) yield return c.With(dy: dy);
    }

    private static readonly Func<double, double>[] BulkSimplifications =
    [
        v => double.IsFinite(v) ? 0 : v,
        v => double.IsFinite(v) ? Math.Round(v) : v,
        v => double.IsFinite(v) && Math.Abs(v) > 1 ? Math.Truncate(v / 2) : v,
    ];

    private static IEnumerable<double[]> OneAtATime(double[] values, DType dtype)
    {
        // Long rows: only the first elements get individual attention; bulk steps and size halving do the rest.
        int limit = Math.Min(values.Length, 64);
        for (int i = 0; i < limit; i++)
        {
            double v = values[i];
            foreach (double simpler in SimplerThan(v))
            {
                double rounded = dtype == DType.Float32 ? (float)simpler : simpler;
                if (BitConverter.DoubleToInt64Bits(rounded) == BitConverter.DoubleToInt64Bits(v)) continue;
                var copy = (double[])values.Clone();
                copy[i] = rounded;
                yield return copy;
            }
        }
    }

    private static IEnumerable<double> SimplerThan(double v)
    {
        if (v == 0) yield break;
        yield return 0;
        if (!double.IsFinite(v)) yield break;
        double t = Math.Truncate(v);
        if (t != v) yield return t;
        if (Math.Abs(v) >= 2) yield return Math.Truncate(v / 2);
    }

    private static double[] Map(double[] values, Func<double, double> f, DType dtype)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = f(values[i]);
            result[i] = dtype == DType.Float32 ? (float)v : v;
        }
        return result;
    }

    private static bool SameBits(double[] a, double[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i])) return false;
        }
        return true;
    }

    /// <summary>Keeps [start, start + length) of <paramref name="axis"/> (and drops the axis when asked).</summary>
    private static Case Slice(Case c, int axis, int start, int length, bool removeAxis, int newDim)
    {
        int[] shape = c.Shape;
        int outer = 1, inner = 1;
        for (int k = 0; k < axis; k++) outer *= shape[k];
        for (int k = axis + 1; k < shape.Length; k++) inner *= shape[k];
        int size = shape[axis];
        double[] Take(double[] source)
        {
            var result = new double[outer * length * inner];
            for (int o = 0; o < outer; o++)
            {
                Array.Copy(source, (o * size + start) * inner, result, o * length * inner, length * inner);
            }
            return result;
        }
        int[] newShape = removeAxis
            ? shape.Where((_, k) => k != axis).ToArray()
            : shape.Select((s, k) => k == axis ? length : s).ToArray();
        int dim = newShape.Length == 0 ? (newDim < 0 ? -1 : 0) : newDim;
        return new Case(c.Op, c.Pass, c.DType, newShape, dim, Take(c.X), c.Dy is null ? null : Take(c.Dy), c.Regime);
    }
}
