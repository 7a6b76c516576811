namespace Reference;

/// <summary>The operation a kernel computes along one dimension of a tensor.</summary>
public enum SoftmaxOp
{
    /// <summary>y_i = exp(x_i - m) / sum_j exp(x_j - m), m = max_j x_j.</summary>
    Softmax,

    /// <summary>y_i = x_i - m - log(sum_j exp(x_j - m)).</summary>
    LogSoftmax,
}
