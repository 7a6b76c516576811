using Harness.Cases;
using Reference;

namespace PropertyTests.Kernels;

/// <summary>
/// The accurate kernel's backward end to end under the vectorised kernel's bound (<see cref="VectorizedLaneBackwardTests"/>):
/// per row within libtorch's error plus one ULP of the row's largest |dx|, every regime, both layouts, three dy sizes.
/// The specification must be at least as good as the kernel it specifies (its float32 softmax backward, with s and
/// sum y rounded to double, was 4e6 ULP worse than libtorch where dx_i = y_i (dy_i sum y - s) cancels).
/// </summary>
public sealed class AccurateBackwardEndToEndTests
{
    [Theory]
    [MemberData(nameof(VectorizedLaneBackwardTests.Cases), MemberType = typeof(VectorizedLaneBackwardTests))]
    public void Backward_end_to_end_is_within_one_ulp_of_libtorch(DType dtype, SoftmaxOp op, string regime) =>
        VectorizedLaneBackwardTests.Check(VectorizedRunner.Specification, "accurate", dtype, op, regime);
}
