using Reference;

namespace PropertyTests.Mutants;

/// <summary>
/// A planted-bug kernel: a plain, correct scalar softmax computed in double (float32 inputs widened, results rounded
/// once; pairwise sums; log_softmax with log1p of the sum without its largest term), so that without a bug it passes
/// every property under the tuned tolerances (<see cref="ControlKernel"/> shows it). Each mutant overrides exactly
/// one step where real kernels go wrong. Test-only.
/// </summary>
public abstract class MutantKernel : ISoftmaxKernel
{
    public abstract string Name { get; }

    /// <summary>The bug, in a sentence, for reports.</summary>
    public abstract string Bug { get; }

    /// <summary>The most elements the shrunk counterexample may have (null: the bug needs a large input).</summary>
    public virtual int? MaxShrunkElements => 8;

    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim)
    {
        double[] result = ForwardAll(op, Widen(x), shape, dim, float32: true, y.Length);
        for (int i = 0; i < result.Length; i++) y[i] = (float)result[i];
    }

    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim) =>
        ForwardAll(op, x.ToArray(), shape, dim, float32: false, y.Length).CopyTo(y);

    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim)
    {
        double[] result = BackwardAll(op, Widen(y), Widen(dy), shape, dim, float32: true, dx.Length);
        for (int i = 0; i < result.Length; i++) dx[i] = (float)result[i];
    }

    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim) =>
        BackwardAll(op, y.ToArray(), dy.ToArray(), shape, dim, float32: false, dx.Length).CopyTo(dx);

    /// <summary>How the tensor splits into rows (mutants that ignore dim or batching override it).</summary>
    protected virtual RowLayout Layout(ReadOnlySpan<int> shape, int dim, int length) => RowLayout.Create(shape, dim, length, length);

    protected virtual double[] ForwardAll(SoftmaxOp op, double[] x, ReadOnlySpan<int> shape, int dim, bool float32, int outputLength)
    {
        RowLayout layout = Layout(shape, dim, x.Length);
        if (outputLength != x.Length) throw new ArgumentException("y has the wrong length", "y");
        var y = new double[x.Length];
        int n = layout.Length;
        if (n == 0 || layout.Rows == 0) return y;
        double[] row = new double[n], result = new double[n];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < n; c++) row[c] = x[start + c * layout.Inner];
            ForwardRow(op, row, result, float32);
            for (int c = 0; c < n; c++) y[start + c * layout.Inner] = result[c];
        }
        return y;
    }

    protected virtual double[] BackwardAll(SoftmaxOp op, double[] y, double[] dy, ReadOnlySpan<int> shape, int dim, bool float32, int outputLength)
    {
        RowLayout layout = Layout(shape, dim, y.Length);
        if (dy.Length != y.Length || outputLength != y.Length) throw new ArgumentException("dy or dx has the wrong length", "dx");
        var dx = new double[y.Length];
        int n = layout.Length;
        if (n == 0 || layout.Rows == 0) return dx;
        double[] yr = new double[n], dyr = new double[n], dxr = new double[n];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < n; c++) { yr[c] = y[start + c * layout.Inner]; dyr[c] = dy[start + c * layout.Inner]; }
            if (op == SoftmaxOp.Softmax) SoftmaxBackwardRow(yr, dyr, dxr, float32);
            else LogSoftmaxBackwardRow(yr, dyr, dxr, float32);
            for (int c = 0; c < n; c++) dx[start + c * layout.Inner] = dxr[c];
        }
        return dx;
    }

    /// <summary>1. m = max x (NaN anywhere, or m infinite: the row is NaN). 2. e_i = exp(x_i - m). 3. softmax y_i = e_i / sum e;
    /// log_softmax y_i = (x_i - m) - log1p(sum of e without one largest term, which is exactly 1).</summary>
    protected virtual void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
    {
        if (HasNaN(x)) { Array.Fill(y, double.NaN); return; }
        double m = Max(x);
        if (double.IsInfinity(m)) { Array.Fill(y, double.NaN); return; } // +inf: inf - inf; all -inf: 0 / 0 (PyTorch: NaN)
        int top = Array.IndexOf(x, m);
        double[] e = x.Select(v => Math.Exp(v - m)).ToArray();
        double sum = Sum(e, float32);
        double rest = top < 0 ? double.NaN : Sum(e.Where((_, i) => i != top).ToArray(), float32);
        double logSum = top < 0 ? Math.Log(sum) : Log1p(rest); // top < 0: a mutant's max that is not in the row
        for (int c = 0; c < x.Length; c++)
        {
            y[c] = op == SoftmaxOp.Softmax ? e[c] / sum : (x[c] - m) - logSum;
        }
    }

    protected virtual void SoftmaxBackwardRow(double[] y, double[] dy, double[] dx, bool float32)
    {
        double s = Sum(y.Select((v, i) => v * dy[i]).ToArray(), float32);
        for (int c = 0; c < y.Length; c++) dx[c] = y[c] * (dy[c] - s);
    }

    protected virtual void LogSoftmaxBackwardRow(double[] y, double[] dy, double[] dx, bool float32)
    {
        double s = Sum(dy, float32);
        for (int c = 0; c < y.Length; c++) dx[c] = dy[c] - Math.Exp(y[c]) * s;
    }

    protected static bool HasNaN(double[] x) => x.Any(double.IsNaN);

    /// <summary>log(1 + r) accurate for small r (Goldberg's trick: u = 1 + r rounded; log(u) r / (u - 1)).</summary>
    protected static double Log1p(double r)
    {
        double u = 1 + r;
        return u == 1 ? r : double.IsInfinity(u) || double.IsNaN(u) ? Math.Log(u) : Math.Log(u) * r / (u - 1);
    }

    protected static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    protected virtual double Max(double[] x)
    {
        double m = double.NegativeInfinity;
        foreach (double v in x) if (v > m) m = v;
        return m;
    }

    /// <summary>Pairwise summation in double (error ~ log2 n ulp), as a correct kernel does.</summary>
    protected virtual double Sum(ReadOnlySpan<double> values, bool float32)
    {
        if (values.Length <= 8)
        {
            double s = 0;
            foreach (double v in values) s += v;
            return s;
        }
        int half = values.Length / 2;
        return Sum(values[..half], float32) + Sum(values[half..], float32);
    }
}

/// <summary>The mutants' base with no bug planted: it must pass every cross-check, so that a mutant that fails does
/// so because of its bug.</summary>
public sealed class ControlKernel : MutantKernel
{
    public override string Name => "control-no-bug";
    public override string Bug => "none";
}
