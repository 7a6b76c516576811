namespace Reference.Accurate;

/// <summary>
/// The seed notebooks' formulation of softmax's derivative: the explicit C x C Jacobian J = diag(y) - y y^T of one
/// row, and the backward pass as the product dx = J^T dy. O(C^2) time and memory, so for small C only; it is the
/// second path that the O(C) backward dx_i = y_i (dy_i - sum_j y_j dy_j) is tested against (J is symmetric, and
/// (J^T dy)_i = y_i dy_i - y_i sum_j y_j dy_j is the same sum, grouped differently).
/// </summary>
public static class SoftmaxJacobian
{
    /// <summary>The largest row length accepted: 1024 x 1024 doubles is 8 MB.</summary>
    public const int MaxLength = 1024;

    /// <summary>J[i, j] = y_i (delta_ij - y_j), row-major, for one row of softmax outputs y.</summary>
    /// <exception cref="ArgumentException">y has more than <see cref="MaxLength"/> elements.</exception>
    public static double[] Of(ReadOnlySpan<double> y)
    {
        RequireSmall(y.Length, nameof(y));
        int n = y.Length;
        var jacobian = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                jacobian[i * n + j] = (i == j ? y[i] : 0) - y[i] * y[j];
            }
        }
        return jacobian;
    }

    /// <summary>dx = J^T dy for one row: dx_j = sum_i J[i, j] dy_i.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or exceed <see cref="MaxLength"/>.</exception>
    public static void Backward(ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        if (dy.Length != y.Length || dx.Length != y.Length)
        {
            throw new ArgumentException($"y, dy and dx must have the same length; they have {y.Length}, {dy.Length} and {dx.Length}.", nameof(dy));
        }
        double[] jacobian = Of(y);
        int n = y.Length;
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += jacobian[i * n + j] * dy[i];
            dx[j] = sum;
        }
    }

    private static void RequireSmall(int length, string name)
    {
        if (length > MaxLength)
        {
            throw new ArgumentException($"The Jacobian path is for rows of at most {MaxLength} elements; this one has {length}.", name);
        }
    }
}
