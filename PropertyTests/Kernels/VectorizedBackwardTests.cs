using Harness.Cases;
using Reference;
using static PropertyTests.Kernels.VectorizedInputs;

namespace PropertyTests.Kernels;

/// <summary>The backward pass (from the specification's y, dy ~ N(0,1)) against the scalar specification at every row length 0..256 and beyond, at every
/// buffer offset 0..16.</summary>
public sealed class VectorizedBackwardTests
{
    public static TheoryData<DType, SoftmaxOp> Kinds => VectorizedKinds.DTypesAndOps();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Backward_matches_the_specification_at_every_length_and_offset(DType dtype, SoftmaxOp op)
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        int cases = 0;
        for (int length = 0; length <= MaxShortLength; length++)
        {
            for (int offset = 0; offset <= MaxOffset; offset++, cases++)
            {
                double[] x = Normal(random, 2 * length, scale: 3);
                if (VectorizedRunner.Check(dtype, op, Pass.Backward, [2, length], -1, x, Normal(random, 2 * length), offset) is { } failure) failures.Add(failure);
            }
        }
        foreach (int length in LongLengths)
        {
            foreach (int offset in new[] { 0, 1, 5 })
            {
                cases++;
                double[] x = Normal(random, length, scale: 3);
                if (VectorizedRunner.Check(dtype, op, Pass.Backward, [length], 0, x, Normal(random, length), offset) is { } failure) failures.Add(failure);
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }

    /// <summary>
    /// Contiguous rows go through the backward pass overlapped, one row's dx written inside the next row's sum
    /// (ContiguousRows.BackwardOverlapped): each row must keep its own sum. Row r's dy is offset by 100 r, so a row
    /// given its neighbour's sum is off by about 100 (softmax: times y); 2 to 6 rows cover the first, middle and last
    /// steps, and the lengths the blocks, single registers and scalar tails.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Rows_keep_their_own_gradient_sums(DType dtype, SoftmaxOp op)
    {
        var random = new Random(Seed + 5);
        var failures = new List<string>();
        int cases = 0;
        foreach (int length in new[] { 1, 7, 32, 33, 100, 1000, 4099 })
        {
            for (int rows = 2; rows <= 6; rows++, cases++)
            {
                double[] x = Normal(random, rows * length, scale: 3);
                double[] dy = Normal(random, rows * length);
                for (int i = 0; i < dy.Length; i++) dy[i] += 100.0 * (i / length);
                if (VectorizedRunner.Check(dtype, op, Pass.Backward, [rows, length], -1, x, dy, 0) is { } failure) failures.Add(failure);
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }
}
