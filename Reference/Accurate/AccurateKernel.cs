using System.Buffers;
using System.Runtime.CompilerServices;
using Reference.Numerics;

namespace Reference.Accurate;

/// <summary>
/// The readable scalar kernel, the one a reader learns from: one row at a time, straight from the caller's
/// buffers (a row of a contiguous dimension is a plain slice; other rows are read with their stride, never
/// gathered), with PyTorch's special-value semantics.
/// </summary>
/// <remarks>
/// <para>Accuracy (each shown by a test against the double-double oracle):</para>
/// <list type="bullet">
/// <item>float32 forward: correctly rounded. Computed in double (enough by 29 bits but for rare near-ties), with
///   an error bound per element; when the float rounding could depend on that error, the element is recomputed
///   in double-double and rounded once (Ziv's strategy).</item>
/// <item>float64 forward: within 1 ULP (in practice correctly rounded). x_i - max is kept exactly (TwoSum), exp,
///   the sum and the division run in double-double, log_softmax's log of the sum is log1p of the sum without its
///   largest term, so that y_max = -log1p(...) keeps its relative accuracy when one logit dominates.</item>
/// <item>backward: one rounding from the computation in double (float32) or double-double (float64).</item>
/// </list>
/// <para>Sums are compensated (TwoSum, or Fast2Sum where the running sum dominates every term; Ogita, Rump and
/// Oishi's Sum2), so their error does not grow with C.
/// Scratch space is rented once per call, never per row.</para>
/// </remarks>
public sealed partial class AccurateKernel : ISoftmaxKernel
{
    /// <summary>
    /// Runs the exp table's initialiser before any kernel method is compiled. Without tiered compilation (the
    /// harness runs without it) the JIT compiles each method once, on its first call; if the table's class is not
    /// initialised by then, every exp in the hot loops checks it, and the call behind that check makes the JIT keep
    /// the loops' running sums in memory instead of registers.
    /// </summary>
    static AccurateKernel() => RuntimeHelpers.RunClassConstructor(typeof(ExpTables).TypeHandle);

    /// <inheritdoc/>
    public string Name => "accurate";

    /// <inheritdoc/>
    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length, "x", "y");
        RequireOp(op);
        if (layout.Count == 0) return;
        double[] scratch = ArrayPool<double>.Shared.Rent(layout.Length);
        try
        {
            for (int r = 0; r < layout.Rows; r++)
            {
                int start = layout.RowStart(r);
                var row = new Row(layout.Length, layout.Inner);
                if (op == SoftmaxOp.Softmax) SoftmaxForward(x[start..], y[start..], row, scratch);
                else LogSoftmaxForward(x[start..], y[start..], row);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <inheritdoc/>
    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length, "x", "y");
        RequireOp(op);
        if (layout.Count == 0) return;
        double[] scratch = ArrayPool<double>.Shared.Rent(layout.Length);
        try
        {
            for (int r = 0; r < layout.Rows; r++)
            {
                int start = layout.RowStart(r);
                var row = new Row(layout.Length, layout.Inner);
                if (op == SoftmaxOp.Softmax) SoftmaxForward(x[start..], y[start..], row, scratch);
                else LogSoftmaxForward(x[start..], y[start..], row);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <inheritdoc/>
    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        RequireDx(dx.Length, y.Length);
        RequireOp(op);
        for (int r = 0; r < layout.Rows && layout.Count > 0; r++)
        {
            int start = layout.RowStart(r);
            var row = new Row(layout.Length, layout.Inner);
            if (op == SoftmaxOp.Softmax) SoftmaxBackward(y[start..], dy[start..], dx[start..], row);
            else LogSoftmaxBackward(y[start..], dy[start..], dx[start..], row);
        }
    }

    /// <inheritdoc/>
    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim)
    {
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        RequireDx(dx.Length, y.Length);
        RequireOp(op);
        for (int r = 0; r < layout.Rows && layout.Count > 0; r++)
        {
            int start = layout.RowStart(r);
            var row = new Row(layout.Length, layout.Inner);
            if (op == SoftmaxOp.Softmax) SoftmaxBackward(y[start..], dy[start..], dx[start..], row);
            else LogSoftmaxBackward(y[start..], dy[start..], dx[start..], row);
        }
    }

    private static void RequireDx(int dxLength, int yLength)
    {
        if (dxLength != yLength)
        {
            throw new ArgumentException($"Buffer 'dx' has {dxLength} elements; the shape needs {yLength}, as 'y' has.", "dx");
        }
    }

    private static void RequireOp(SoftmaxOp op)
    {
        if (op is not (SoftmaxOp.Softmax or SoftmaxOp.LogSoftmax))
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "The op must be Softmax or LogSoftmax.");
        }
    }
}
