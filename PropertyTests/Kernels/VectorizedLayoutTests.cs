using Harness.Cases;
using Reference;
using static PropertyTests.Kernels.VectorizedInputs;

namespace PropertyTests.Kernels;

/// <summary>Ranks 0..4 with every dim, negative and positive: Inner = 1 (contiguous rows), Inner a multiple of the
/// 8-lane register (interleaved rows only), and Inner with a remainder (gathered rows), plus empty tensors.</summary>
public sealed class VectorizedLayoutTests
{
    /// <summary>Chosen so the sizes after each dim give Inner in {1, 2, 3, 5, 8, 9, 16, 17, 24, 40, ...}.</summary>
    private static readonly int[][] Shapes =
    [
        [], [1], [5], [37], [3, 4], [4, 9], [2, 5, 3], [3, 17, 8], [2, 33, 16], [2, 7, 17], [3, 130, 9],
        [2, 3, 4, 5], [1, 7, 10, 9], [2, 2, 3, 8], [2, 3, 5, 1, 8], [0], [2, 0, 3], [5, 0, 0], [3, 0],
    ];

    public static TheoryData<DType, SoftmaxOp, Pass> Kinds => VectorizedKinds.DTypesOpsAndPasses();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_dim_of_ranks_0_to_4_matches_the_specification(DType dtype, SoftmaxOp op, Pass pass)
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        int cases = 0;
        foreach (int[] shape in Shapes)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            int rank = Math.Max(shape.Length, 1);
            for (int dim = -rank; dim < rank; dim++)
            {
                for (int offset = 0; offset <= 3; offset++)
                {
                    double[] x = Normal(random, count, scale: 3);
                    if (count > 2) x[count / 2] = 40; // a large logit in an interleaved lane
                    double[]? dy = pass == Pass.Backward ? Normal(random, count) : null;
                    cases++;
                    if (VectorizedRunner.Check(dtype, op, pass, shape, dim, x, dy, offset) is { } failure) failures.Add(failure);
                }
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_rank_0_tensor_gives_1_or_0_and_a_zero_gradient(DType dtype, SoftmaxOp op, Pass pass)
    {
        foreach (int dim in new[] { 0, -1 })
        {
            double[] result = pass == Pass.Forward
                ? VectorizedRunner.Forward(VectorizedRunner.Subject, dtype, op, [], dim, [2.5], 0)
                : VectorizedRunner.Backward(VectorizedRunner.Subject, dtype, op, [], dim, [op == SoftmaxOp.Softmax ? 1.0 : 0.0], [0.75], 0);
            double expected = pass == Pass.Backward ? 0.0 : op == SoftmaxOp.Softmax ? 1.0 : 0.0;
            Assert.True(expected == result[0], $"rank 0, dim {dim}: expected {expected}, actual {result[0]} ({LaneWidth.Describe()})");
        }
    }
}
