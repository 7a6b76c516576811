using System.Numerics;
using Reference;

namespace PropertyTests.Mutants;

/// <summary>
/// A planted-bug kernel: a plain, correct scalar softmax in the case's own precision (generic math), with one
/// overridable step per place where real kernels go wrong. Each mutant overrides one step. Test-only.
/// </summary>
public abstract class MutantKernel : ISoftmaxKernel
{
    public abstract string Name { get; }

    /// <summary>The bug, in a sentence, for reports.</summary>
    public abstract string Bug { get; }

    /// <summary>The most elements the shrunk counterexample may have (null: the bug needs a large input).</summary>
    public virtual int? MaxShrunkElements => 8;

    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim) => Forward<float>(op, x, y, shape, dim);

    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim) => Forward<double>(op, x, y, shape, dim);

    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim) =>
        Backward<float>(op, y, dy, dx, shape, dim);

    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim) =>
        Backward<double>(op, y, dy, dx, shape, dim);

    /// <summary>How the tensor splits into rows (mutants that ignore dim or batching override it).</summary>
    protected virtual RowLayout Layout(ReadOnlySpan<int> shape, int dim, int length) => RowLayout.Create(shape, dim, length, length);

    protected virtual void Forward<T>(SoftmaxOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> shape, int dim) where T : IFloatingPointIeee754<T>
    {
        RowLayout layout = Layout(shape, dim, x.Length);
        int n = layout.Length;
        if (n == 0 || layout.Rows == 0) return;
        T[] row = new T[n], result = new T[n];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < n; c++) row[c] = x[start + c * layout.Inner];
            ForwardRow(op, row, result);
            for (int c = 0; c < n; c++) y[start + c * layout.Inner] = result[c];
        }
    }

    protected virtual void Backward<T>(SoftmaxOp op, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, ReadOnlySpan<int> shape, int dim) where T : IFloatingPointIeee754<T>
    {
        RowLayout layout = Layout(shape, dim, y.Length);
        int n = layout.Length;
        if (n == 0 || layout.Rows == 0) return;
        T[] yr = new T[n], dyr = new T[n], dxr = new T[n];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < n; c++) { yr[c] = y[start + c * layout.Inner]; dyr[c] = dy[start + c * layout.Inner]; }
            if (op == SoftmaxOp.Softmax) SoftmaxBackwardRow(yr, dyr, dxr);
            else LogSoftmaxBackwardRow(yr, dyr, dxr);
            for (int c = 0; c < n; c++) dx[start + c * layout.Inner] = dxr[c];
        }
    }

    protected virtual void ForwardRow<T>(SoftmaxOp op, T[] x, T[] y) where T : IFloatingPointIeee754<T>
    {
        if (HasNaN(x)) { Array.Fill(y, T.NaN); return; }
        T m = Max(x);
        T sum = Sum<T>(x.Select(v => T.Exp(v - m)).ToArray().AsSpan());
        for (int c = 0; c < x.Length; c++)
        {
            y[c] = op == SoftmaxOp.Softmax ? T.Exp(x[c] - m) / sum : x[c] - m - T.Log(sum);
        }
    }

    protected virtual void SoftmaxBackwardRow<T>(T[] y, T[] dy, T[] dx) where T : IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        for (int c = 0; c < y.Length; c++) s += y[c] * dy[c];
        for (int c = 0; c < y.Length; c++) dx[c] = y[c] * (dy[c] - s);
    }

    protected virtual void LogSoftmaxBackwardRow<T>(T[] y, T[] dy, T[] dx) where T : IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        for (int c = 0; c < y.Length; c++) s += dy[c];
        for (int c = 0; c < y.Length; c++) dx[c] = dy[c] - T.Exp(y[c]) * s;
    }

    protected static bool HasNaN<T>(T[] x) where T : IFloatingPointIeee754<T> => x.Any(T.IsNaN);

    protected virtual T Max<T>(T[] x) where T : IFloatingPointIeee754<T>
    {
        T m = T.NegativeInfinity;
        foreach (T v in x) if (v > m) m = v;
        return m;
    }

    /// <summary>Pairwise summation (error ~ log2 n ulp), as a correct kernel does.</summary>
    protected virtual T Sum<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        if (values.Length <= 8)
        {
            T s = T.Zero;
            foreach (T v in values) s += v;
            return s;
        }
        int half = values.Length / 2;
        return Sum(values[..half]) + Sum(values[half..]);
    }
}
