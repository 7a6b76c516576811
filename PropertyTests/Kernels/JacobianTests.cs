using Reference;
using Reference.Accurate;

namespace PropertyTests.Kernels;

/// <summary>The explicit Jacobian path (the seed notebooks') against the O(C) backward, for small C.</summary>
public sealed class JacobianTests
{
    private const int Seed = 7;

    /// <summary>
    /// Both paths sum C products of size up to |y_i| |dy_j| in double, in different orders and groupings (the O(C)
    /// path in double-double): they may differ by about C u times the sum of the absolute terms. 4 C u of
    /// y_i (|dy_i| + sum_j y_j |dy_j|) leaves a margin of 4.
    /// </summary>
    private const double AgreementPerTermUlps = 4;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(257)]
    public void Jacobian_backward_agrees_with_the_linear_backward(int length)
    {
        var random = new Random(Seed + length);
        var x = Enumerable.Range(0, length).Select(_ => 6 * random.NextDouble() - 3).ToArray();
        var dy = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var kernel = new AccurateKernel();
        var y = new double[length];
        kernel.Forward(SoftmaxOp.Softmax, x, y, [length], 0);
        var linear = new double[length];
        kernel.Backward(SoftmaxOp.Softmax, y, dy, linear, [length], 0);
        var explicitPath = new double[length];
        SoftmaxJacobian.Backward(y, dy, explicitPath);
        double weighted = y.Zip(dy, (a, b) => a * Math.Abs(b)).Sum();
        for (int i = 0; i < length; i++)
        {
            double allowed = AgreementPerTermUlps * length * Math.ScaleB(1, -53) * y[i] * (Math.Abs(dy[i]) + weighted);
            Assert.True(Math.Abs(linear[i] - explicitPath[i]) <= allowed,
                $"C = {length} [{i}]: linear {linear[i]:R}, Jacobian {explicitPath[i]:R}, allowed {allowed:E3}");
        }
    }

    [Fact]
    public void Jacobian_is_symmetric_with_rows_summing_to_zero()
    {
        double[] y = [0.1, 0.2, 0.7];
        double[] j = SoftmaxJacobian.Of(y);
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++) Assert.Equal(j[r * 3 + c], j[c * 3 + r]);
            Assert.True(Math.Abs(j[r * 3] + j[r * 3 + 1] + j[r * 3 + 2]) <= 4 * Math.ScaleB(1, -53));
        }
        Assert.Equal(0.1 - 0.1 * 0.1, j[0]);
    }

    [Fact]
    public void Jacobian_rejects_rows_past_its_limit()
    {
        var e = Assert.Throws<ArgumentException>(() => SoftmaxJacobian.Of(new double[SoftmaxJacobian.MaxLength + 1]));
        Assert.StartsWith("The Jacobian path is for rows of at most 1024 elements; this one has 1025.", e.Message);
    }
}
