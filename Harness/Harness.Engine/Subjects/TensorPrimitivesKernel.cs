using System.Numerics;
using System.Numerics.Tensors;
using Reference;

namespace Harness.Subjects;

/// <summary>
/// A real-world subject: System.Numerics.Tensors' <see cref="TensorPrimitives.SoftMax{T}(ReadOnlySpan{T}, Span{T})"/>
/// applied row by row, log_softmax as its logarithm, backward from the output with TensorPrimitives' Dot. It is
/// here to show what the harness finds in a widely used library: TensorPrimitives.SoftMax does not subtract the row
/// maximum, so exp overflows to infinity (and the result to NaN) for logits above about 88 in float32.
/// </summary>
public sealed class TensorPrimitivesKernel : ISoftmaxKernel
{
    public string Name => "tensorprimitives";

    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim) =>
        Forward<float>(op, x, y, shape, dim);

    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim) =>
        Forward<double>(op, x, y, shape, dim);

    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim) =>
        Backward<float>(op, y, dy, dx, shape, dim);

    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim) =>
        Backward<double>(op, y, dy, dx, shape, dim);

    private static void Forward<T>(SoftmaxOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> shape, int dim)
        where T : IExponentialFunctions<T>, ILogarithmicFunctions<T>
    {
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length);
        int n = layout.Length;
        if (n == 0) return;
        T[] row = new T[n], result = new T[n];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < n; c++) row[c] = x[start + c * layout.Inner];
            TensorPrimitives.SoftMax<T>(row, result);
            if (op == SoftmaxOp.LogSoftmax) TensorPrimitives.Log<T>(result, result);
            for (int c = 0; c < n; c++) y[start + c * layout.Inner] = result[c];
        }
    }

    private static void Backward<T>(SoftmaxOp op, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, ReadOnlySpan<int> shape, int dim)
        where T : IExponentialFunctions<T>, ILogarithmicFunctions<T>
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        if (dx.Length != y.Length) throw new ArgumentException($"Buffer 'dx' has {dx.Length} elements; expected {y.Length}.", nameof(dx));
        int n = layout.Length;
        if (n == 0) return;
        T[] yr = new T[n], dyr = new T[n], p = new T[n], dxr = new T[n];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int c = 0; c < n; c++) { yr[c] = y[start + c * layout.Inner]; dyr[c] = dy[start + c * layout.Inner]; }
            if (op == SoftmaxOp.Softmax)
            {
                T s = TensorPrimitives.Dot<T>(yr, dyr);
                TensorPrimitives.Subtract<T>(dyr, s, dxr);
                TensorPrimitives.Multiply<T>(dxr, yr, dxr);
            }
            else
            {
                T s = TensorPrimitives.Sum<T>(dyr);
                TensorPrimitives.Exp<T>(yr, p);
                TensorPrimitives.Multiply<T>(p, s, p);
                TensorPrimitives.Subtract<T>(dyr, p, dxr);
            }
            for (int c = 0; c < n; c++) dx[start + c * layout.Inner] = dxr[c];
        }
    }
}
