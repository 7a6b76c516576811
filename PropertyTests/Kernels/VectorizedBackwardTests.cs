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
}
