using Reference;

namespace ConsumerTests.Kernels;

/// <summary>
/// A user's kernel, as it would live in the user's own library: softmax and log_softmax along any dim, computed in
/// double (x - max, exp, sum, log) and rounded once to float; float64 in plain double. Correct: the gate passes it.
/// </summary>
public class CarefulSoftmax : ISoftmaxKernel
{
    public virtual string Name => "careful";

    /// <summary>Subtracting the row's maximum before exp is what keeps exp from overflowing; a subclass plants the bug.</summary>
    protected virtual bool SubtractMax => true;

    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout rows = RowLayout.Create(shape, dim, x.Length, y.Length);
        var row = new double[rows.Length];
        for (int r = 0; r < rows.Rows; r++)
        {
            int start = rows.RowStart(r), stride = rows.Inner;
            for (int c = 0; c < row.Length; c++) row[c] = x[start + c * stride];
            ForwardRow(op, row);
            for (int c = 0; c < row.Length; c++) y[start + c * stride] = (float)row[c];
        }
    }

    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout rows = RowLayout.Create(shape, dim, x.Length, y.Length);
        var row = new double[rows.Length];
        for (int r = 0; r < rows.Rows; r++)
        {
            int start = rows.RowStart(r), stride = rows.Inner;
            for (int c = 0; c < row.Length; c++) row[c] = x[start + c * stride];
            ForwardRow(op, row);
            for (int c = 0; c < row.Length; c++) y[start + c * stride] = row[c];
        }
    }

    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout rows = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        for (int r = 0; r < rows.Rows; r++)
        {
            int start = rows.RowStart(r), stride = rows.Inner;
            double s = 0;
            for (int c = 0; c < rows.Length; c++) s += op == SoftmaxOp.Softmax ? (double)y[start + c * stride] * dy[start + c * stride] : dy[start + c * stride];
            for (int c = 0; c < rows.Length; c++)
            {
                int i = start + c * stride;
                dx[i] = (float)(op == SoftmaxOp.Softmax ? y[i] * (dy[i] - s) : dy[i] - Math.Exp(y[i]) * s);
            }
        }
    }

    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout rows = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        for (int r = 0; r < rows.Rows; r++)
        {
            int start = rows.RowStart(r), stride = rows.Inner;
            double s = 0;
            for (int c = 0; c < rows.Length; c++) s += op == SoftmaxOp.Softmax ? y[start + c * stride] * dy[start + c * stride] : dy[start + c * stride];
            for (int c = 0; c < rows.Length; c++)
            {
                int i = start + c * stride;
                dx[i] = op == SoftmaxOp.Softmax ? y[i] * (dy[i] - s) : dy[i] - Math.Exp(y[i]) * s;
            }
        }
    }

    private void ForwardRow(SoftmaxOp op, double[] row)
    {
        double max = double.NegativeInfinity;
        foreach (double v in row) max = double.IsNaN(v) || double.IsNaN(max) ? double.NaN : Math.Max(max, v);
        double shift = SubtractMax ? max : 0;
        double sum = 0;
        foreach (double v in row) sum += Math.Exp(v - shift);
        for (int c = 0; c < row.Length; c++)
        {
            // PyTorch's special values follow from the arithmetic: NaN propagates, an all -inf row gives
            // -inf - (-inf) = NaN, +inf gives inf - inf = NaN.
            row[c] = op == SoftmaxOp.Softmax ? Math.Exp(row[c] - shift) / sum : row[c] - shift - Math.Log(sum);
        }
    }
}
