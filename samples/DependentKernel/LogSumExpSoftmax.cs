using DependentKernelHelpers;
using Reference;

namespace DependentKernel;

/// <summary>softmax and log_softmax through a log-sum-exp from another assembly (float64 only is enough for the
/// loading tests; float32 rounds the float64 result).</summary>
public sealed class LogSumExpSoftmax : ISoftmaxKernel
{
    public string Name => "log-sum-exp";

    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim)
    {
        double[] wide = new double[x.Length], output = new double[x.Length];
        for (int i = 0; i < x.Length; i++) wide[i] = x[i];
        Forward(op, wide, output, shape, dim);
        for (int i = 0; i < y.Length; i++) y[i] = (float)output[i];
    }

    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout rows = RowLayout.Create(shape, dim, x.Length, y.Length);
        var row = new double[rows.Length];
        for (int r = 0; r < rows.Rows; r++)
        {
            int start = rows.RowStart(r), stride = rows.Inner;
            double max = double.NegativeInfinity;
            for (int c = 0; c < row.Length; c++) max = Math.Max(max, row[c] = x[start + c * stride]);
            double lse = RowMath.LogSumExp(row, max);
            for (int c = 0; c < row.Length; c++) y[start + c * stride] = op == SoftmaxOp.Softmax ? Math.Exp(row[c] - lse) : row[c] - lse;
        }
    }

    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim) =>
        throw new NotSupportedException("forward only");

    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim) =>
        throw new NotSupportedException("forward only");
}
