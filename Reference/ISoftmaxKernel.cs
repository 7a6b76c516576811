namespace Reference;

/// <summary>
/// The contract every kernel under test implements: softmax and log_softmax, forward and backward, over a row-major
/// (C-order) tensor of any rank, along one dimension, in float and double. The harness calls it with buffers that
/// it owns; a kernel must not keep references to them.
/// </summary>
/// <remarks>
/// <para>Semantics are PyTorch's (torch.softmax / torch.log_softmax and their autograd backward):</para>
/// <list type="bullet">
/// <item>a rank-0 tensor (shape <c>[]</c>, one element) is legal with <c>dim</c> 0 or -1: softmax gives 1, log_softmax 0;</item>
/// <item><c>dim</c> may be negative and counts from the end, as in PyTorch;</item>
/// <item>a NaN anywhere in a row makes the whole row NaN; a row of all -inf gives NaN; +inf gives NaN through inf - inf;</item>
/// <item>empty tensors (any size 0) give empty results.</item>
/// </list>
/// <para>Backward works from the forward output, as PyTorch's does: for softmax
/// dx_i = y_i (dy_i - sum_j y_j dy_j); for log_softmax dx_i = dy_i - exp(y_i) sum_j dy_j.</para>
/// <para>Results of floating-point kernels depend on the platform (vector width: AVX2, AVX-512) and, for
/// multi-threaded kernels, on the thread count; the harness records both with every saved fixture.</para>
/// </remarks>
public interface ISoftmaxKernel
{
    /// <summary>A short, stable name for reports and fixture files (for example "accurate").</summary>
    string Name { get; }

    /// <summary>Computes <paramref name="y"/> = op(<paramref name="x"/>) along <paramref name="dim"/>.</summary>
    /// <param name="op">softmax or log_softmax.</param>
    /// <param name="x">The input, row-major, with as many elements as the product of <paramref name="shape"/>.</param>
    /// <param name="y">The output, same length as <paramref name="x"/>; it does not overlap <paramref name="x"/>.</param>
    /// <param name="shape">The sizes of the tensor, rank 0 or more; every size is 0 or more.</param>
    /// <param name="dim">The dimension to normalise over, in [-rank, rank) (rank 0: 0 or -1).</param>
    /// <exception cref="ArgumentException">A buffer length does not match the shape, a size is negative, or
    /// <paramref name="dim"/> is out of range.</exception>
    void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim);

    /// <inheritdoc cref="Forward(SoftmaxOp, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{int}, int)"/>
    void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim);

    /// <summary>Computes the input gradient <paramref name="dx"/> from the forward output <paramref name="y"/> and
    /// the upstream gradient <paramref name="dy"/>.</summary>
    /// <param name="op">softmax or log_softmax (y is then the log-probabilities).</param>
    /// <param name="y">The forward output for the same shape and dim.</param>
    /// <param name="dy">The gradient of the loss with respect to y.</param>
    /// <param name="dx">The gradient with respect to x (written); it overlaps neither input.</param>
    /// <param name="shape">The sizes of the tensor.</param>
    /// <param name="dim">The dimension the forward pass normalised over.</param>
    /// <exception cref="ArgumentException">A buffer length does not match the shape, a size is negative, or
    /// <paramref name="dim"/> is out of range.</exception>
    void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim);

    /// <inheritdoc cref="Backward(SoftmaxOp, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{int}, int)"/>
    void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim);
}
