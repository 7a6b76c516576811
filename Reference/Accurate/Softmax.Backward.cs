using Reference.Numerics;

namespace Reference.Accurate;

public sealed partial class AccurateKernel
{
    /// <summary>
    /// float32 softmax backward of one row: dx_i = y_i (dy_i - s), s = sum_j y_j dy_j, computed as
    /// y_i (dy_i sum_j y_j - s).
    /// </summary>
    /// <remarks>
    /// 1. Why the sum of y: for a softmax output sum_j y_j = 1, so the two forms agree, but a rounded y loses
    ///    1 - y_max when one logit dominates (y_max = 1 - 1e-9 rounds to 1f), and dy_max - s then misses
    ///    dy_max (1 - y_max). With T1 = sum_j y_j the difference is dy_max T1 - s = sum_{j != max} y_j (dy_max - dy_j),
    ///    built from the small y_j, which keep their relative accuracy (measured: the error of the dominant regime
    ///    falls from 3e-8 to below 1e-9). For any y that sums to 1, this is PyTorch's formula.
    /// 2. A product of two floats is exact in double (24 + 24 &lt;= 53 bits), so s and T1 are compensated sums of
    ///    exact terms, taken as double-doubles. dy_i T1 - s cancels wherever dx_i is small next to s: with one
    ///    dominant output dx is about 1e-11 while s is about dy_max, and a double's rounding of s or of dy_i T1 is
    ///    10^5 float ULP of dx (it was: 4e6 ULP of a row's largest |dx| more than libtorch's error, end to end,
    ///    issue #20). So dy_i T1 is split exactly (TwoProd) and the high words subtracted first (exact where they
    ///    cancel, Sterbenz), the low words after; then the product with y_i, in double, and the float rounding.
    /// 3. Special values (an inf or NaN in y or dy) take PyTorch's formula in IEEE double arithmetic unchanged.
    /// </remarks>
    private static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Row row)
    {
        var sum = new CompensatedSum();
        var total = new CompensatedSum();
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            double yc = Widen.ToDouble(y[i]);
            sum.Add(yc * Widen.ToDouble(dy[i]));
            total.Add(yc);
        }
        if (!double.IsFinite(sum.Value))
        {
            for (int c = 0; c < row.Length; c++) dx[row[c]] = (float)(y[row[c]] * (dy[row[c]] - sum.Naive));
            return;
        }
        DoubleDouble s = sum.Total, t1 = total.Total;
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            double g = Widen.ToDouble(dy[i]);
            double p = DoubleDouble.TwoProd(g, t1.Hi, out double pLow);
            double difference = (p - s.Hi) + ((pLow - s.Lo) + g * t1.Lo);
            dx[i] = (float)(Widen.ToDouble(y[i]) * difference);
        }
    }

    /// <summary>
    /// float64 softmax backward of one row, in double-double: s = sum_j y_j dy_j from exact products (TwoProd),
    /// T1 = sum_j y_j, then (dy_i T1 - s) y_i rounded once (T1 for the reason given for float32). dy_i T1 - s is
    /// where the cancellation is; in double it would cost up to |s| / |dy_i - s| ulps, in double-double nothing
    /// visible.
    /// </summary>
    private static void SoftmaxBackward(ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, Row row)
    {
        DoubleDouble s = DoubleDouble.Zero, t1 = DoubleDouble.Zero;
        double naive = 0;
        for (int c = 0; c < row.Length; c++)
        {
            double p = DoubleDouble.TwoProd(y[row[c]], dy[row[c]], out double e);
            s += new DoubleDouble(p, e);
            t1 = DoubleDouble.AddFast(t1, y[row[c]]);
            naive += y[row[c]] * dy[row[c]];
        }
        if (!s.IsFinite)
        {
            // An inf or NaN in y or dy: IEEE double semantics, as PyTorch computes them.
            for (int c = 0; c < row.Length; c++) dx[row[c]] = y[row[c]] * (dy[row[c]] - naive);
            return;
        }
        for (int c = 0; c < row.Length; c++)
        {
            int i = row[c];
            dx[i] = ((t1 * dy[i] - s) * y[i]).Hi;
        }
    }
}
