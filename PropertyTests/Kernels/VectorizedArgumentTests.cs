using Reference;
using Reference.Vectorized;

namespace PropertyTests.Kernels;

/// <summary>Clear ArgumentExceptions for buffers that do not fit the shape, bad sizes, bad dims and bad ops.</summary>
public sealed class VectorizedArgumentTests
{
    private readonly VectorizedKernel _kernel = new();

    [Fact]
    public void Forward_with_x_shorter_than_the_shape_throws_naming_x()
    {
        var error = Assert.Throws<ArgumentException>(() => _kernel.Forward(SoftmaxOp.Softmax, new float[5], new float[6], [2, 3], -1));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("has 5 elements; the shape [2, 3] needs 6", error.Message);
    }

    [Fact]
    public void Forward_with_y_longer_than_the_shape_throws_naming_y()
    {
        var error = Assert.Throws<ArgumentException>(() => _kernel.Forward(SoftmaxOp.LogSoftmax, new double[6], new double[7], [2, 3], 1));
        Assert.Equal("y", error.ParamName);
    }

    [Fact]
    public void Backward_with_a_short_dy_throws_naming_dy()
    {
        var error = Assert.Throws<ArgumentException>(() => _kernel.Backward(SoftmaxOp.Softmax, new float[6], new float[4], new float[6], [6], 0));
        Assert.Equal("dy", error.ParamName);
    }

    [Fact]
    public void Backward_with_a_short_dx_throws_naming_dx()
    {
        var error = Assert.Throws<ArgumentException>(() => _kernel.Backward(SoftmaxOp.LogSoftmax, new double[6], new double[6], new double[5], [6], 0));
        Assert.Equal("dx", error.ParamName);
        Assert.Contains("has 5 elements; the shape needs 6", error.Message);
    }

    [Fact]
    public void A_negative_size_throws_naming_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => _kernel.Forward(SoftmaxOp.Softmax, new float[0], new float[0], [2, -1], 0));
        Assert.Equal("shape", error.ParamName);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-3)]
    public void A_dim_outside_the_rank_throws_naming_dim(int dim)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _kernel.Forward(SoftmaxOp.Softmax, new double[6], new double[6], [2, 3], dim));
        Assert.Equal("dim", error.ParamName);
        Assert.Contains("[-2, 1]", error.Message);
    }

    [Fact]
    public void A_rank_0_tensor_accepts_only_dim_0_and_minus_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _kernel.Forward(SoftmaxOp.Softmax, new float[1], new float[1], [], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _kernel.Backward(SoftmaxOp.Softmax, new float[1], new float[1], new float[1], [], -2));
    }

    [Fact]
    public void An_undefined_op_throws_naming_op()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _kernel.Forward((SoftmaxOp)7, new float[1], new float[1], [1], 0));
        Assert.Equal("op", error.ParamName);
    }

    [Fact]
    public void Empty_tensors_give_empty_results_without_touching_the_buffers()
    {
        _kernel.Forward(SoftmaxOp.Softmax, new float[0], new float[0], [5, 0, 0], 1);
        _kernel.Forward(SoftmaxOp.LogSoftmax, new double[0], new double[0], [0, 4], -1);
        _kernel.Backward(SoftmaxOp.Softmax, new float[0], new float[0], new float[0], [3, 0], 0);
        _kernel.Backward(SoftmaxOp.LogSoftmax, new double[0], new double[0], new double[0], [0], 0);
    }
}
