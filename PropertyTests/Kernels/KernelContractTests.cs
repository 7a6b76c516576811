using Harness.Cases;
using Harness.Oracles;
using Harness.Subjects;
using Reference;
using Reference.Accurate;

namespace PropertyTests.Kernels;

/// <summary>
/// The kernel contract: every rank 0-4 and every dim (negative too), empty tensors, and PyTorch's special-value
/// semantics, checked against libtorch (special values) and the exact oracle (layout: a misplaced element shows
/// as a large ULP error).
/// </summary>
public sealed class KernelContractTests
{
    private const int Seed = 42;

    public static TheoryData<int[]> Shapes => new()
    {
        Array.Empty<int>(), new[] { 5 }, new[] { 3, 4 }, new[] { 2, 3, 4 }, new[] { 2, 1, 3, 2 },
        new[] { 0 }, new[] { 5, 0, 0 }, new[] { 2, 0, 3 }, new[] { 0, 4 }, new[] { 1 }, new[] { 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_dim_of_every_shape_matches_the_truth(int[] shape)
    {
        int rank = shape.Length, effective = Math.Max(rank, 1);
        var random = new Random(Seed);
        int count = shape.Aggregate(1, (a, b) => a * b);
        double[] x = Enumerable.Range(0, count).Select(_ => (double)(float)(4 * random.NextDouble() - 2)).ToArray();
        double[] dy = Enumerable.Range(0, count).Select(_ => (double)(float)(random.NextDouble() - 0.5)).ToArray();
        for (int dim = -effective; dim < effective; dim++)
        {
            foreach (SoftmaxOp op in Names.AllOps)
                foreach (DType dtype in Names.AllDTypes)
                {
                    var forward = new Case(op, Pass.Forward, dtype, shape, dim, x, null);
                    AssertMatchesTruth(forward, AccurateTolerances.Float64ForwardUlps);
                    var backward = new Case(op, Pass.Backward, dtype, shape, dim, x, dy);
                    double[] kernel = new KernelSubject(new AccurateKernel()).Evaluate(backward);
                    double[] torch = new TorchOracle().Evaluate(backward);
                    Assert.Equal(torch.Length, kernel.Length);
                    for (int i = 0; i < kernel.Length; i++)
                    {
                        Assert.True(Math.Abs(kernel[i] - torch[i]) <= BackwardAgreement(dtype), $"{backward} [{i}]: kernel {kernel[i]:R}, torch {torch[i]:R}");
                    }
                }
        }
    }

    /// <summary>A rank-0 tensor is one element: softmax 1, log_softmax 0, with dim 0 or -1.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Rank_zero_gives_one_and_zero(int dim)
    {
        var kernel = new AccurateKernel();
        var y = new float[1];
        kernel.Forward(SoftmaxOp.Softmax, [3.5f], y, [], dim);
        Assert.Equal(1f, y[0]);
        kernel.Forward(SoftmaxOp.LogSoftmax, [3.5f], y, [], dim);
        Assert.Equal(0f, y[0]);
        var yd = new double[1];
        kernel.Forward(SoftmaxOp.Softmax, [-1e300], yd, [], dim);
        Assert.Equal(1.0, yd[0]);
    }

    /// <summary>
    /// A row whose only finite element is its maximum: log_softmax gives +0 there, bit for bit (as libtorch:
    /// 0 - log(1)), and softmax 1; a kernel that lets exp(-inf) be anything but 0 gets -0 (it did, when the
    /// accurate float32 sum floored exp at exp(-708)).
    /// </summary>
    [Fact]
    public void A_row_masked_but_for_its_maximum_gives_exactly_zero_and_one()
    {
        ISoftmaxKernel[] kernels = [new AccurateKernel(), new Reference.Vectorized.VectorizedKernel()];
        foreach (ISoftmaxKernel kernel in kernels)
        {
            foreach (int length in new[] { 2, 5, 40 })
            {
                float[] x = Enumerable.Repeat(float.NegativeInfinity, length).ToArray();
                x[length / 2] = 2.5f;
                var y = new float[length];
                kernel.Forward(SoftmaxOp.LogSoftmax, x, y, [length], 0);
                Assert.Equal(0, BitConverter.SingleToInt32Bits(y[length / 2]));
                Assert.All(y.Where((_, i) => i != length / 2), v => Assert.Equal(float.NegativeInfinity, v));
                kernel.Forward(SoftmaxOp.Softmax, x, y, [length], 0);
                Assert.Equal(1f, y[length / 2]);
                Assert.All(y.Where((_, i) => i != length / 2), v => Assert.Equal(0, BitConverter.SingleToInt32Bits(v)));
                double[] xd = Array.ConvertAll(x, v => (double)v), yd = new double[length];
                kernel.Forward(SoftmaxOp.LogSoftmax, xd, yd, [length], 0);
                Assert.Equal(0, BitConverter.DoubleToInt64Bits(yd[length / 2]));
            }
        }
    }

    public static TheoryData<string> SpecialRowNames()
    {
        var data = new TheoryData<string>();
        foreach ((string name, _) in Harness.Generation.EdgeValues.SpecialRows) data.Add(name);
        return data;
    }

    /// <summary>NaN, +inf, -inf masks and all-masked rows: the same NaN/inf pattern and values as libtorch.</summary>
    [Theory]
    [MemberData(nameof(SpecialRowNames))]
    public void Special_rows_follow_pytorch(string name)
    {
        double[] row = Harness.Generation.EdgeValues.SpecialRows.Single(r => r.Name == name).Row;
        double[] dy = row.Select((_, i) => 0.25 * (i + 1)).ToArray();
        foreach (SoftmaxOp op in Names.AllOps)
            foreach (DType dtype in Names.AllDTypes)
                foreach (Pass pass in Names.AllPasses)
                {
                    var c = new Case(op, pass, dtype, [row.Length], 0, row, pass == Pass.Backward ? dy : null);
                    double[] torch = new TorchOracle().Evaluate(c);
                    double[] kernel = new KernelSubject(new AccurateKernel()).Evaluate(c);
                    // The oracle returns doubles; callers round. For float32 an exact -6.8e38 is -inf as a float.
                    double[] exact = Array.ConvertAll(new ExactOracle().Evaluate(c), v => dtype == DType.Float32 ? (float)v : v);
                    for (int i = 0; i < row.Length; i++)
                    {
                        Assert.True(SameClass(torch[i], kernel[i]), $"{name} {c} [{i}]: torch {torch[i]:R}, kernel {kernel[i]:R}");
                        Assert.True(SameClass(torch[i], exact[i]), $"{name} {c} [{i}]: torch {torch[i]:R}, exact {exact[i]:R}");
                        if (double.IsFinite(torch[i])) Assert.True(Math.Abs(torch[i] - kernel[i]) <= BackwardAgreement(dtype), $"{name} {c} [{i}]: torch {torch[i]:R}, kernel {kernel[i]:R}");
                    }
                }
    }

    /// <summary>The brief asked to confirm it: libtorch gives NaN everywhere in a row with one +inf and finite others.</summary>
    [Fact]
    public void Torch_makes_a_row_with_one_plus_inf_all_NaN()
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [3], 0, [double.PositiveInfinity, 1, 2], null);
        Assert.All(new TorchOracle().Evaluate(c), v => Assert.True(double.IsNaN(v)));
        Assert.All(new KernelSubject(new AccurateKernel()).Evaluate(c), v => Assert.True(double.IsNaN(v)));
    }

    private static void AssertMatchesTruth(Case c, double maxUlps)
    {
        double[] kernel = new KernelSubject(new AccurateKernel()).Evaluate(c);
        double[] truth = new ExactOracle().Evaluate(c);
        Assert.Equal(c.Count, kernel.Length);
        for (int i = 0; i < kernel.Length; i++)
        {
            double ulps = ExactOracle.UlpError(c.DType, kernel[i], truth[i]);
            Assert.True(ulps <= maxUlps, $"{c} [{i}]: kernel {kernel[i]:R}, truth {truth[i]:R}, {ulps} ULP");
        }
    }

    /// <summary>
    /// Kernel and libtorch backward differ by both sides' rounding of y and of the result: a few ulps of values of
    /// order 1 here (inputs in [-2, 2], dy in [-0.5, 0.5]); 64 ulps of 1 in the dtype is far below a layout error.
    /// </summary>
    private static double BackwardAgreement(DType dtype) => 64 * ErrorModelEpsilon(dtype);

    private static double ErrorModelEpsilon(DType dtype) => Harness.Comparison.ErrorModel.Epsilon(dtype);

    private static bool SameClass(double a, double b) =>
        double.IsNaN(a) ? double.IsNaN(b) : double.IsInfinity(a) ? a.Equals(b) : double.IsFinite(b);
}
