using Harness.Cases;
using Reference;

namespace Harness.Generation;

/// <summary>
/// Which regime a case's values look like now, read from the values themselves (the generator's label says where a
/// case came from; after shrinking it may be something else: a wide case whose values shrank to 0 is ordinary).
/// The first that applies wins, special values first: empty, nan, pos-inf, fully-masked, masked, single-column,
/// long-row, subnormal-out, wide, tiny-spread (a row's values within 1e-4 relative of each other), normal.
/// Near-ties and dominant logits are not told apart from ordinary data: only the generator knows them.
/// </summary>
public static class RegimeClassifier
{
    /// <summary>Rows at least this long are "long rows" (the generator's long rows are a 50k vocabulary; other
    /// regimes stay below 4096).</summary>
    public const int LongRow = 4096;

    public static string Classify(Case c)
    {
        if (c.Count == 0) return Regime.Empty;
        double[] x = c.X;
        if (x.Any(double.IsNaN)) return Regime.NaN;
        if (x.Any(double.IsPositiveInfinity)) return Regime.PositiveInfinity;
        RowLayout rows = c.Layout;
        bool anyMasked = false, fullyMasked = false;
        double largestSpread = 0, largestMagnitude = 0, smallestSpread = double.PositiveInfinity;
        for (int r = 0; r < rows.Rows; r++)
        {
            int start = rows.RowStart(r);
            double max = double.NegativeInfinity, min = double.PositiveInfinity;
            for (int k = 0; k < rows.Length; k++)
            {
                double v = x[start + k * rows.Inner];
                if (double.IsNegativeInfinity(v)) { anyMasked = true; continue; }
                max = Math.Max(max, v);
                min = Math.Min(min, v);
                largestMagnitude = Math.Max(largestMagnitude, Math.Abs(v));
            }
            if (double.IsNegativeInfinity(max)) { fullyMasked = true; continue; }
            largestSpread = Math.Max(largestSpread, max - min);
            if (max > min) smallestSpread = Math.Min(smallestSpread, (max - min) / Math.Max(1, Math.Abs(max)));
        }
        if (fullyMasked) return Regime.FullyMasked;
        if (anyMasked) return Regime.Masked;
        if (rows.Length == 1) return Regime.SingleColumn;
        if (rows.Length >= LongRow) return Regime.LongRow;
        // exp(-87.3) is float32's smallest normal, exp(-708.4) float64's: a spread past it underflows some output.
        double underflow = c.DType == DType.Float32 ? 87.3 : 708.4;
        if (largestSpread > underflow && largestMagnitude < 1000) return Regime.SubnormalOutput;
        if (largestMagnitude >= 100) return Regime.Wide;
        if (smallestSpread < 1e-4) return Regime.TinySpread;
        return Regime.Normal;
    }
}
