using Harness.Cases;
using Reference;
using static PropertyTests.Kernels.VectorizedInputs;

namespace PropertyTests.Kernels;

/// <summary>The forward pass against the scalar specification at every row length 0..256 and beyond, at every
/// buffer offset 0..16.</summary>
public sealed class VectorizedForwardTests
{
    public static TheoryData<DType, SoftmaxOp> Kinds => VectorizedKinds.DTypesAndOps();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Forward_matches_the_specification_at_every_length_and_offset(DType dtype, SoftmaxOp op)
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        int cases = 0;
        for (int length = 0; length <= MaxShortLength; length++)
        {
            for (int offset = 0; offset <= MaxOffset; offset++, cases++)
            {
                double[] x = Normal(random, 2 * length, scale: 3);
                if (VectorizedRunner.Check(dtype, op, Pass.Forward, [2, length], -1, x, null, offset) is { } failure) failures.Add(failure);
            }
        }
        foreach (int length in LongLengths)
        {
            foreach (int offset in new[] { 0, 1, 5 })
            {
                cases++;
                double[] x = Normal(random, length, scale: 3);
                if (VectorizedRunner.Check(dtype, op, Pass.Forward, [length], 0, x, null, offset) is { } failure) failures.Add(failure);
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }

    /// <summary>
    /// Every row's maximum is found wherever it sits: at the start, on either side of a register's and of a 32-element
    /// block's boundary, in the last single registers and in the scalar tail (the overlapped loop takes the next row's
    /// maximum on the way, its last elements apart). The maximum stands 1000 above the rest of its row, so a pass that
    /// misses it overflows exp; each row of a tensor puts it somewhere else.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_maximum_is_found_wherever_it_sits(DType dtype, SoftmaxOp op)
    {
        var random = new Random(Seed + 4);
        var failures = new List<string>();
        int cases = 0;
        const int rows = 4;
        foreach (int length in new[] { 65, 100, 513, 1000, 4099 })
        {
            int[] positions = [0, 1, 15, 16, 31, 32, length - 33, length - 32, length - 9, length - 8, length - 2, length - 1];
            for (int k = 0; k < positions.Length; k++, cases++)
            {
                double[] x = Normal(random, rows * length, scale: 3);
                for (int r = 0; r < rows; r++) x[r * length + positions[(k + r) % positions.Length]] += 1000.0;
                if (VectorizedRunner.Check(dtype, op, Pass.Forward, [rows, length], -1, x, null, 0) is { } failure) failures.Add(failure);
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }

    /// <summary>
    /// Short rows go through the passes in groups or pipelined, several rows in flight at once (Driver.GroupOf,
    /// Driver.Pipelines), and long rows write one row's output inside the next row's exp pass, float32 rows sharing
    /// one scratch row for their terms (Driver.Overlaps): each row must keep its own maximum, sum and softmax terms.
    /// Rows offset by 1000 from one another make any mix-up overflow or underflow exp; 2 to 9 rows cover whole and
    /// partial groups of every size and pipelines of every depth; 513, 1000 and 4099 (1, 8 and 3 left after the
    /// 32-element blocks) the overlapped rows' blocks, single registers and scalar tails.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Rows_of_a_group_keep_their_own_maxima(DType dtype, SoftmaxOp op)
    {
        var random = new Random(Seed + 3);
        var failures = new List<string>();
        int cases = 0;
        foreach (int length in new[] { 1, 7, 8, 16, 31, 64, 65, 128, 512, 513, 1000, 4099 })
        {
            for (int rows = 2; rows <= 9; rows++, cases++)
            {
                double[] x = Normal(random, rows * length, scale: 3);
                for (int i = 0; i < x.Length; i++) x[i] += 1000.0 * (i / length % 2 == 0 ? i / length : -(i / length));
                if (VectorizedRunner.Check(dtype, op, Pass.Forward, [rows, length], -1, x, null, 0) is { } failure) failures.Add(failure);
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }
}
