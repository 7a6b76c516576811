using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// The fast kernel: softmax and log_softmax, forward and backward, in AVX-512/AVX2/SSE2 double lanes (the widest
/// the machine accelerates), with PyTorch's semantics. Float32 data is widened to double on load and rounded once
/// on store, which keeps the forward pass within 1 ULP of the correctly rounded result; float64 uses a ~1 ULP exp
/// and compensated row sums.
/// </summary>
/// <remarks>
/// <para>Numerics: exp is <see cref="VectorExp"/> (range reduction by ln 2, Taylor polynomial, scaling by 2^k);
/// float64 row sums are blocked and compensated (<see cref="CompensatedSum"/>), so their error does not grow with
/// the row length (float32 rows sum plainly in double lanes, 2^-19 of a float32 ulp at C = 50,257); log_softmax takes log1p of the sum without its leading 1 (<see cref="Log1p"/>), so the log-probability
/// of a dominant logit keeps its relative accuracy.</para>
/// <para>Special values: a NaN anywhere in a row makes the row NaN (it reaches the sum through exp); a row of all
/// -inf gives NaN (-inf - -inf); +inf gives NaN through inf - inf; -inf elements of a finite row give 0 (log_softmax
/// -inf). Results depend on the lane width (the order of the additions in a sum), so they can differ in the last
/// bit between an AVX-512 and an AVX2 machine; they do not depend on the buffers' alignment. Single-threaded.</para>
/// <para>Compilation: every pass with a loop, and the driver, is marked
/// <see cref="MethodImplOptions.AggressiveOptimization"/>, so it is compiled once, fully optimised, and never
/// re-compiled with dynamic profile-guided optimisation. Under .NET's default tiered compilation the profiled
/// versions of several passes came out 2-3x slower (measured in process by BenchmarkDotNet, 2026-12-01: float32
/// log_softmax forward 2.2 instead of 0.6 ns/element on 256x1000, float64 softmax 2.1 instead of 1.2): their inlining
/// went differently and left vector operations as calls. With the attribute the default runtime and one with tiered
/// compilation (or its profiling) switched off measure the same. A new pass needs the attribute too.</para>
/// </remarks>
public sealed class VectorizedKernel : ISoftmaxKernel
{
    /// <summary>
    /// Initialises the exp table's registers and the log1p tables before any pass is compiled: the JIT then embeds
    /// them as constants (with tiered compilation off, as in the harness and the benchmarks, a pass compiled before
    /// the class is initialised would check and load them on every use).
    /// </summary>
    static VectorizedKernel()
    {
        RuntimeHelpers.RunClassConstructor(typeof(Lanes512).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(Log1p).TypeHandle);
    }

    /// <inheritdoc/>
    public string Name => "vectorized";

    /// <inheritdoc/>
    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim)
    {
        CheckOp(op);
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length, "x", "y");
        Driver.Forward(op, x, y, layout);
    }

    /// <inheritdoc/>
    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim)
    {
        CheckOp(op);
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, y.Length, "x", "y");
        Driver.Forward(op, x, y, layout);
    }

    /// <inheritdoc/>
    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim)
    {
        CheckOp(op);
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        CheckGradientLength(dx.Length, y.Length);
        Driver.Backward(op, y, dy, dx, layout);
    }

    /// <inheritdoc/>
    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim)
    {
        CheckOp(op);
        RowLayout layout = RowLayout.Create(shape, dim, y.Length, dy.Length, "y", "dy");
        CheckGradientLength(dx.Length, y.Length);
        Driver.Backward(op, y, dy, dx, layout);
    }

    private static void CheckOp(SoftmaxOp op)
    {
        if (op is not (SoftmaxOp.Softmax or SoftmaxOp.LogSoftmax))
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "Expected SoftmaxOp.Softmax or SoftmaxOp.LogSoftmax.");
        }
    }

    private static void CheckGradientLength(int dxLength, int expected)
    {
        if (dxLength != expected)
        {
            throw new ArgumentException($"Buffer 'dx' has {dxLength} elements; the shape needs {expected}.", "dx");
        }
    }
}
