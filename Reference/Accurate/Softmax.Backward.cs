using Reference.Numerics;

namespace Reference.Accurate;

public sealed partial class AccurateKernel
{
    /// <summary>
    /// float32 softmax backward of one row: dx_i = y_i (dy_i - s), s = sum_j y_j dy_j.
    /// </summary>
    /// <remarks>
    /// A product of two floats is exact in double (24 + 24 &lt;= 53 bits), so s is a compensated sum of exact
    /// terms: within about u |s| + tiny. dy_i - s and the product add two roundings in double; the float rounding
    /// at the end dominates all of them by 2^29. Special values (an inf or NaN in y or dy) take IEEE double
    /// arithmetic unchanged, as PyTorch's float arithmetic does.
    /// </remarks>
    private static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Row row)
    {
        var sum = new CompensatedSum();
        for (int c = 0; c < row.Length; c++) sum.Add((double)y[row[c]] * dy[row[c]]);
        double s = double.IsFinite(sum.Value) ? sum.Value : sum.Naive;
        for (int c = 0; c < row.Length; c++)
        {
            int i = row[c];
            dx[i] = (float)(y[i] * (dy[i] - s));
        }
    }

    /// <summary>
    /// float64 softmax backward of one row, in double-double: s = sum_j y_j dy_j from exact products (TwoProd),
    /// then (dy_i - s) y_i, rounded once. dy_i - s is where the cancellation is; in double it would cost up to
    /// |s| / |dy_i - s| ulps, in double-double it costs nothing visible.
    /// </summary>
    private static void SoftmaxBackward(ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, Row row)
    {
        DoubleDouble s = DoubleDouble.Zero;
        double naive = 0;
        for (int c = 0; c < row.Length; c++)
        {
            double p = DoubleDouble.TwoProd(y[row[c]], dy[row[c]], out double e);
            s += new DoubleDouble(p, e);
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
            dx[i] = ((dy[i] - s) * y[i]).Hi;
        }
    }
}
