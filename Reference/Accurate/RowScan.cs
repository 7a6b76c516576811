using System.Numerics;

namespace Reference.Accurate;

/// <summary>The first pass over a row: its maximum, where it is, and whether PyTorch's rules make the whole row NaN.</summary>
internal static class RowScan
{
    /// <summary>
    /// Finds the maximum m and the first index holding it. Returns false when the row is NaN by PyTorch's rules:
    /// a NaN anywhere (max propagates it); m = +inf (x - m is inf - inf = NaN for that element, and the sum is
    /// NaN); m = -inf (every element is -inf, and -inf - -inf = NaN).
    /// </summary>
    public static bool TryMax<T>(ReadOnlySpan<T> x, Row row, out double max, out int argMax) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = T.NegativeInfinity;
        int at = 0;
        bool nan = false;
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            T v = x[i];
            if (!(v <= m)) // v > m or v is NaN: one test in the common case
            {
                if (T.IsNaN(v))
                {
                    nan = true;
                }
                else
                {
                    m = v;
                    at = c;
                }
            }
        }
        max = double.CreateTruncating(m);
        argMax = at;
        return !nan && T.IsFinite(m);
    }

    public static void FillNaN(Span<float> y, Row row)
    {
        for (int c = 0; c < row.Length; c++) y[row[c]] = float.NaN;
    }

    public static void FillNaN(Span<double> y, Row row)
    {
        for (int c = 0; c < row.Length; c++) y[row[c]] = double.NaN;
    }
}
