using Reference;

namespace ThirdPartyKernels;

/// <summary>
/// The plumbing the three kernels share: rows gathered along any dim into arrays, handed to a row function in the
/// element type, and scattered back. The numerics are each kernel's own.
/// </summary>
public abstract class RowKernel : ISoftmaxKernel
{
    public abstract string Name { get; }

    protected abstract void ForwardRow(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y);
    protected abstract void ForwardRow(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y);

    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim) =>
        Rows<float>(RowLayout.Create(shape, dim, x.Length, y.Length), x, default, y, (a, _, b) => ForwardRow(op, a, b));

    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim) =>
        Rows<double>(RowLayout.Create(shape, dim, x.Length, y.Length), x, default, y, (a, _, b) => ForwardRow(op, a, b));

    /// <summary>Backward from the output: softmax dx_i = y_i (dy_i - sum_j y_j dy_j); log_softmax dx_i = dy_i -
    /// exp(y_i) sum_j dy_j. Sums in double, the rest in the element type.</summary>
    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        if (dx.Length != y.Length) throw new ArgumentException($"dx has {dx.Length} elements, y {y.Length}.", nameof(dx));
        Rows<float>(layout, y, dy, dx, (yr, dyr, dxr) =>
        {
            double s = 0;
            for (int c = 0; c < yr.Length; c++) s += op == SoftmaxOp.Softmax ? (double)yr[c] * dyr[c] : dyr[c];
            float sf = (float)s;
            for (int c = 0; c < yr.Length; c++) dxr[c] = op == SoftmaxOp.Softmax ? yr[c] * (dyr[c] - sf) : dyr[c] - MathF.Exp(yr[c]) * sf;
        });
    }

    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        if (dx.Length != y.Length) throw new ArgumentException($"dx has {dx.Length} elements, y {y.Length}.", nameof(dx));
        Rows<double>(layout, y, dy, dx, (yr, dyr, dxr) =>
        {
            double s = 0;
            for (int c = 0; c < yr.Length; c++) s += op == SoftmaxOp.Softmax ? yr[c] * dyr[c] : dyr[c];
            for (int c = 0; c < yr.Length; c++) dxr[c] = op == SoftmaxOp.Softmax ? yr[c] * (dyr[c] - s) : dyr[c] - Math.Exp(yr[c]) * s;
        });
    }

    private delegate void RowAction<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result);

    private static void Rows<T>(RowLayout layout, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result, RowAction<T> action)
    {
        int n = layout.Length, stride = layout.Inner;
        if (n == 0) return;
        T[] ra = new T[n], rb = new T[b.IsEmpty ? 0 : n], rr = new T[n];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < n; c++) ra[c] = a[start + c * stride];
            for (int c = 0; c < rb.Length; c++) rb[c] = b[start + c * stride];
            action(ra, rb, rr);
            for (int c = 0; c < n; c++) result[start + c * stride] = rr[c];
        }
    }

    /// <summary>The row maximum; NaN when the row holds a NaN (PyTorch's rows with a NaN are NaN).</summary>
    protected static double Max(ReadOnlySpan<double> x)
    {
        double m = double.NegativeInfinity;
        foreach (double v in x) m = Math.Max(m, v); // Math.Max propagates NaN
        return m;
    }

    protected static float Max(ReadOnlySpan<float> x)
    {
        float m = float.NegativeInfinity;
        foreach (float v in x) m = MathF.Max(m, v);
        return m;
    }
}
