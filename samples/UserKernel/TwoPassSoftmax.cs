using Reference;

namespace UserKernel;

/// <summary>
/// An example of a user's kernel: the textbook two-pass softmax (max, then sum of exp), rows along any dim; float
/// computed in double and rounded once, double in plain double. It is what a careful first implementation looks
/// like: the harness passes its float32 path and shows its author where the float64 path's naive sum falls short.
/// </summary>
public sealed class TwoPassSoftmax : ISoftmaxKernel
{
    public string Name => "two-pass";

    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length);
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r), stride = layout.Inner, n = layout.Length;
            float max = float.NegativeInfinity;
            bool nan = false;
            for (int c = 0; c < n; c++)
            {
                float v = x[start + c * stride];
                if (float.IsNaN(v)) nan = true;
                else if (v > max) max = v;
            }
            // In double, x - max is exact for float inputs, and the sum of up to 2^29 terms loses no float digit.
            double sum = 0;
            for (int c = 0; c < n; c++) sum += Math.Exp((double)x[start + c * stride] - max);
            for (int c = 0; c < n; c++)
            {
                double shifted = (double)x[start + c * stride] - max;
                y[start + c * stride] = nan ? float.NaN
                    : op == SoftmaxOp.Softmax ? (float)(Math.Exp(shifted) / sum)
                    : (float)(shifted - Math.Log(sum));
            }
        }
    }

    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length);
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r), stride = layout.Inner, n = layout.Length;
            double max = double.NegativeInfinity;
            bool nan = false;
            for (int c = 0; c < n; c++)
            {
                double v = x[start + c * stride];
                if (double.IsNaN(v)) nan = true;
                else if (v > max) max = v;
            }
            double sum = 0;
            for (int c = 0; c < n; c++) sum += Math.Exp(x[start + c * stride] - max);
            for (int c = 0; c < n; c++)
            {
                double shifted = x[start + c * stride] - max;
                y[start + c * stride] = nan ? double.NaN : op == SoftmaxOp.Softmax ? Math.Exp(shifted) / sum : shifted - Math.Log(sum);
            }
        }
    }

    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r), stride = layout.Inner, n = layout.Length;
            double s = 0;
            for (int c = 0; c < n; c++) s += op == SoftmaxOp.Softmax ? (double)y[start + c * stride] * dy[start + c * stride] : dy[start + c * stride];
            for (int c = 0; c < n; c++)
            {
                int i = start + c * stride;
                dx[i] = op == SoftmaxOp.Softmax ? (float)(y[i] * (dy[i] - s)) : (float)(dy[i] - Math.Exp(y[i]) * s);
            }
        }
    }

    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r), stride = layout.Inner, n = layout.Length;
            double s = 0;
            for (int c = 0; c < n; c++) s += op == SoftmaxOp.Softmax ? y[start + c * stride] * dy[start + c * stride] : dy[start + c * stride];
            for (int c = 0; c < n; c++)
            {
                int i = start + c * stride;
                dx[i] = op == SoftmaxOp.Softmax ? y[i] * (dy[i] - s) : dy[i] - Math.Exp(y[i]) * s;
            }
        }
    }
}
