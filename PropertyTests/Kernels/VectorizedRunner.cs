using System.Globalization;
using Harness.Cases;
using Reference;
using Reference.Accurate;
using Reference.Vectorized;

namespace PropertyTests.Kernels;

/// <summary>
/// Runs the vectorised kernel and the specification on the same inputs, with every buffer starting
/// <c>offset</c> elements into a larger array, and checks the result element by element.
/// </summary>
internal static class VectorizedRunner
{
    public static readonly ISoftmaxKernel Specification = new AccurateKernel();

    /// <summary>The kernel under test; a planted-bug run swaps it (see the report of the kernels work).</summary>
    public static ISoftmaxKernel Subject { get; } = new VectorizedKernel();

    /// <summary>Checks one case; returns null when it passes, else an xunit-style failure message.</summary>
    public static string? Check(DType dtype, SoftmaxOp op, Pass pass, int[] shape, int dim, double[] x, double[]? dy, int offset)
    {
        double[] expected, actual, y = [];
        if (pass == Pass.Forward)
        {
            expected = Forward(Specification, dtype, op, shape, dim, x, 0);
            actual = Forward(Subject, dtype, op, shape, dim, x, offset);
        }
        else
        {
            // Both kernels start from the specification's y, so the check isolates the backward pass.
            y = Forward(Specification, dtype, op, shape, dim, x, 0);
            expected = Backward(Specification, dtype, op, shape, dim, y, dy!, 0);
            actual = Backward(Subject, dtype, op, shape, dim, y, dy!, offset);
        }
        return Compare(dtype, op, pass, shape, dim, y, dy, expected, actual, offset);
    }

    /// <summary>Runs a forward pass in the dtype and returns the output widened to double.</summary>
    public static double[] Forward(ISoftmaxKernel kernel, DType dtype, SoftmaxOp op, int[] shape, int dim, double[] x, int offset)
    {
        int n = x.Length;
        if (dtype == DType.Float32)
        {
            float[] xs = Place32(x, offset), ys = new float[n + offset];
            kernel.Forward(op, xs.AsSpan(offset, n), ys.AsSpan(offset, n), shape, dim);
            return Widen(ys.AsSpan(offset, n));
        }
        double[] xd = Place64(x, offset), yd = new double[n + offset];
        kernel.Forward(op, xd.AsSpan(offset, n), yd.AsSpan(offset, n), shape, dim);
        return yd.AsSpan(offset, n).ToArray();
    }

    public static double[] Backward(ISoftmaxKernel kernel, DType dtype, SoftmaxOp op, int[] shape, int dim, double[] y, double[] dy, int offset)
    {
        int n = y.Length;
        if (dtype == DType.Float32)
        {
            float[] ys = Place32(y, offset), dys = Place32(dy, offset), dxs = new float[n + offset];
            kernel.Backward(op, ys.AsSpan(offset, n), dys.AsSpan(offset, n), dxs.AsSpan(offset, n), shape, dim);
            return Widen(dxs.AsSpan(offset, n));
        }
        double[] yd = Place64(y, offset), dyd = Place64(dy, offset), dxd = new double[n + offset];
        kernel.Backward(op, yd.AsSpan(offset, n), dyd.AsSpan(offset, n), dxd.AsSpan(offset, n), shape, dim);
        return dxd.AsSpan(offset, n).ToArray();
    }

    private static string? Compare(DType dtype, SoftmaxOp op, Pass pass, int[] shape, int dim, double[] y, double[]? dy,
        double[] expected, double[] actual, int offset)
    {
        if (expected.Length != actual.Length) return $"Length differs: expected {expected.Length}, actual {actual.Length}";
        RowLayout layout = RowLayout.Create(shape, dim, expected.Length, expected.Length);
        for (int r = 0; r < layout.Rows && layout.Count > 0; r++)
        {
            int start = layout.RowStart(r);
            RowContext row = pass == Pass.Forward
                ? new RowContext(layout.Length, [], [])
                : new RowContext(layout.Length, Gather(y, start, layout), Gather(dy!, start, layout));
            for (int c = 0; c < layout.Length; c++)
            {
                int i = start + c * layout.Inner;
                double e = expected[i], a = actual[i];
                if (double.IsNaN(e) && double.IsNaN(a)) continue;
                double allowed = double.IsNaN(e) || double.IsInfinity(e) || double.IsNaN(a) || double.IsInfinity(a)
                    ? -1
                    : VectorizedTolerance.Allowed(dtype, op, pass, row, c, e);
                if (a == e || Math.Abs(a - e) <= allowed) continue;
                return Message(dtype, op, pass, shape, dim, offset, i, r, c, e, a, allowed);
            }
        }
        return null;
    }

    private static string Message(DType dtype, SoftmaxOp op, Pass pass, int[] shape, int dim, int offset,
        int index, int row, int c, double expected, double actual, double allowed)
    {
        double ulps = dtype == DType.Float32 ? VectorizedUlps.Float32(expected, actual) : VectorizedUlps.Float64(expected, actual);
        string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return string.Join(Environment.NewLine,
            "The vectorized kernel differs from the specification (AccurateKernel).",
            $"  Case:     {Names.Of(op)}/{Names.Of(pass)}/{Names.Of(dtype)} shape=[{string.Join(", ", shape)}] dim={dim} offset={offset}",
            $"  Index:    {index} (row {row}, element {c})",
            $"  Expected: {R(expected)}",
            $"  Actual:   {R(actual)}",
            $"  Error:    abs {R(Math.Abs(actual - expected))}, ULP {R(ulps)}, allowed abs {R(allowed)}",
            $"  Seed:     {VectorizedInputs.Seed}",
            $"  Lanes:    {LaneWidth.Describe()[7..]}");
    }

    private static double[] Gather(double[] values, int start, RowLayout layout)
    {
        var row = new double[layout.Length];
        for (int c = 0; c < row.Length; c++) row[c] = values[start + c * layout.Inner];
        return row;
    }

    private static float[] Place32(double[] values, int offset)
    {
        var placed = new float[values.Length + offset];
        for (int i = 0; i < values.Length; i++) placed[offset + i] = (float)values[i];
        return placed;
    }

    private static double[] Place64(double[] values, int offset)
    {
        var placed = new double[values.Length + offset];
        values.CopyTo(placed, offset);
        return placed;
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
