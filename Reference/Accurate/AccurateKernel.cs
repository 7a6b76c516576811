namespace Reference.Accurate;

/// <summary>
/// The readable scalar kernel: gathers each row into a double buffer, computes in double, rounds once.
/// (Foundation version; the kernels issue makes float64 accurate to 2 ULP with double-double.)
/// </summary>
public sealed class AccurateKernel : ISoftmaxKernel
{
    /// <inheritdoc/>
    public string Name => "accurate";

    /// <inheritdoc/>
    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length, "x", "y");
        var row = new double[layout.Length];
        var outRow = new double[layout.Length];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < row.Length; c++) row[c] = x[start + c * layout.Inner];
            ForwardRow(op, row, outRow);
            for (int c = 0; c < row.Length; c++) y[start + c * layout.Inner] = (float)outRow[c];
        }
    }

    /// <inheritdoc/>
    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length, "x", "y");
        var row = new double[layout.Length];
        var outRow = new double[layout.Length];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < row.Length; c++) row[c] = x[start + c * layout.Inner];
            ForwardRow(op, row, outRow);
            for (int c = 0; c < row.Length; c++) y[start + c * layout.Inner] = outRow[c];
        }
    }

    /// <inheritdoc/>
    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        if (dx.Length != y.Length) throw new ArgumentException($"Buffer 'dx' has {dx.Length} elements; expected {y.Length}.", nameof(dx));
        var yr = new double[layout.Length];
        var dyr = new double[layout.Length];
        var dxr = new double[layout.Length];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < yr.Length; c++) { yr[c] = y[start + c * layout.Inner]; dyr[c] = dy[start + c * layout.Inner]; }
            BackwardRow(op, yr, dyr, dxr);
            for (int c = 0; c < yr.Length; c++) dx[start + c * layout.Inner] = (float)dxr[c];
        }
    }

    /// <inheritdoc/>
    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        if (dx.Length != y.Length) throw new ArgumentException($"Buffer 'dx' has {dx.Length} elements; expected {y.Length}.", nameof(dx));
        var yr = new double[layout.Length];
        var dyr = new double[layout.Length];
        var dxr = new double[layout.Length];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < yr.Length; c++) { yr[c] = y[start + c * layout.Inner]; dyr[c] = dy[start + c * layout.Inner]; }
            BackwardRow(op, yr, dyr, dxr);
            for (int c = 0; c < yr.Length; c++) dx[start + c * layout.Inner] = dxr[c];
        }
    }

    private static void ForwardRow(SoftmaxOp op, double[] x, double[] y)
    {
        double m = double.NegativeInfinity;
        bool nan = false;
        foreach (double v in x) { if (double.IsNaN(v)) nan = true; else if (v > m) m = v; }
        double sum = 0;
        foreach (double v in x) sum += Math.Exp(v - m);
        for (int c = 0; c < x.Length; c++)
        {
            if (nan) { y[c] = double.NaN; continue; }
            y[c] = op == SoftmaxOp.Softmax ? Math.Exp(x[c] - m) / sum : x[c] - m - Math.Log(sum);
        }
    }

    private static void BackwardRow(SoftmaxOp op, double[] y, double[] dy, double[] dx)
    {
        double s = 0;
        for (int c = 0; c < y.Length; c++) s += op == SoftmaxOp.Softmax ? y[c] * dy[c] : dy[c];
        for (int c = 0; c < y.Length; c++)
        {
            dx[c] = op == SoftmaxOp.Softmax ? y[c] * (dy[c] - s) : dy[c] - Math.Exp(y[c]) * s;
        }
    }
}
