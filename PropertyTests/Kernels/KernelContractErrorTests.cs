using Reference;
using Reference.Accurate;

namespace PropertyTests.Kernels;

/// <summary>Argument errors: wrong buffer lengths, dim out of range, negative sizes; each message pinned.</summary>
public sealed class KernelContractErrorTests
{
    private readonly AccurateKernel _kernel = new();

    [Fact]
    public void Forward_with_a_short_x_names_the_buffer_and_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => _kernel.Forward(SoftmaxOp.Softmax, new float[5], new float[6], [2, 3], -1));
        Assert.Equal("Buffer 'x' has 5 elements; the shape [2, 3] needs 6. (Parameter 'x')", e.Message);
    }

    [Fact]
    public void Forward_with_a_long_y_names_the_buffer_and_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => _kernel.Forward(SoftmaxOp.LogSoftmax, new double[6], new double[7], [2, 3], 0));
        Assert.Equal("Buffer 'y' has 7 elements; the shape [2, 3] needs 6. (Parameter 'y')", e.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-3)]
    public void Dim_out_of_range_reads_like_pytorch(int dim)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _kernel.Forward(SoftmaxOp.Softmax, new float[6], new float[6], [2, 3], dim));
        Assert.StartsWith($"Dimension out of range (expected to be in range of [-2, 1], but got {dim}).", e.Message);
    }

    [Fact]
    public void Rank_zero_accepts_only_0_and_minus_1()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _kernel.Forward(SoftmaxOp.Softmax, new float[1], new float[1], [], 1));
        Assert.StartsWith("Dimension out of range (expected to be in range of [-1, 0], but got 1).", e.Message);
    }

    [Fact]
    public void A_negative_size_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => _kernel.Forward(SoftmaxOp.Softmax, new float[0], new float[0], [2, -1], 0));
        Assert.Equal("Shape size 1 is -1; sizes must be 0 or more. (Parameter 'shape')", e.Message);
    }

    [Fact]
    public void Backward_with_a_short_dx_names_dx()
    {
        var e = Assert.Throws<ArgumentException>(() => _kernel.Backward(SoftmaxOp.Softmax, new double[6], new double[6], new double[5], [2, 3], 1));
        Assert.Equal("Buffer 'dx' has 5 elements; the shape needs 6, as 'y' has. (Parameter 'dx')", e.Message);
    }

    [Fact]
    public void Backward_with_a_short_dy_names_dy()
    {
        var e = Assert.Throws<ArgumentException>(() => _kernel.Backward(SoftmaxOp.LogSoftmax, new float[6], new float[4], new float[6], [6], 0));
        Assert.Equal("Buffer 'dy' has 4 elements; the shape [6] needs 6. (Parameter 'dy')", e.Message);
    }

    [Fact]
    public void An_unknown_op_is_rejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _kernel.Forward((SoftmaxOp)7, new float[1], new float[1], [1], 0));
        Assert.Equal("op", e.ParamName);
    }

    [Fact]
    public void Empty_tensors_give_empty_results_for_every_dim()
    {
        foreach (int dim in new[] { 0, 1, 2, -1, -2, -3 })
        {
            _kernel.Forward(SoftmaxOp.Softmax, ReadOnlySpan<float>.Empty, Span<float>.Empty, [5, 0, 0], dim);
            _kernel.Backward(SoftmaxOp.LogSoftmax, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, Span<double>.Empty, [5, 0, 0], dim);
        }
    }
}
