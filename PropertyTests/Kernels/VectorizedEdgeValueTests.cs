using Harness.Cases;
using Reference;
using static PropertyTests.Kernels.VectorizedInputs;

namespace PropertyTests.Kernels;

/// <summary>Edge values (NaN, ±inf, -inf masks, ±0, subnormals, ±1e4, a dominant logit, underflowing outputs)
/// swapped in at the head, the vector body and the scalar tail, for every dtype, op and pass.</summary>
public sealed class VectorizedEdgeValueTests
{
    /// <summary>Lengths around the 8-lane register (7, 8, 9), the 32-element unrolled step and the 1024-element block.</summary>
    private static readonly int[] Lengths = [1, 2, 7, 8, 9, 15, 31, 32, 33, 63, 64, 65, 100, 257, 1023, 1024, 1025, 1100];

    /// <summary>Logits whose outputs underflow: to float32 subnormals (-95 below a max near 3) and float64 subnormals (-720).</summary>
    private static readonly (string Name, double Value)[] UnderflowingLogits = [("float32 subnormal output", -95.0), ("float64 subnormal output", -720.0)];

    public static TheoryData<DType, SoftmaxOp, Pass> Kinds => VectorizedKinds.DTypesOpsAndPasses();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Edge_values_in_x_at_head_body_and_tail_match_the_specification(DType dtype, SoftmaxOp op, Pass pass)
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        int cases = 0;
        foreach (int length in Lengths)
        {
            foreach ((string name, double value) in NamedEdgeValues.Concat(UnderflowingLogits))
            {
                foreach (int position in PositionClasses(length))
                {
                    double[] x = Normal(random, length);
                    x[position] = value;
                    double[]? dy = pass == Pass.Backward ? Normal(random, length) : null;
                    cases++;
                    if (VectorizedRunner.Check(dtype, op, pass, [length], -1, x, dy, (position + length) % (MaxOffset + 1)) is { } failure)
                    {
                        failures.Add($"[{name} at {position}] {failure}");
                    }
                }
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Masked_rows_match_the_specification(DType dtype, SoftmaxOp op, Pass pass)
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        int cases = 0;
        foreach (int length in Lengths)
        {
            // Every other element masked; all but the tail masked; a fully masked row next to an unmasked one.
            Func<int, bool>[] masks = [c => c % 2 == 1, c => c < length - length % 8, c => true];
            foreach (Func<int, bool> masked in masks)
            {
                double[] x = Normal(random, 2 * length);
                for (int c = 0; c < length; c++)
                {
                    if (masked(c)) x[c] = double.NegativeInfinity;
                }
                double[]? dy = pass == Pass.Backward ? Normal(random, 2 * length) : null;
                cases++;
                if (VectorizedRunner.Check(dtype, op, pass, [2, length], -1, x, dy, length % (MaxOffset + 1)) is { } failure) failures.Add(failure);
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }

    public static TheoryData<DType, SoftmaxOp> BackwardKinds => VectorizedKinds.DTypesAndOps();

    [Theory]
    [MemberData(nameof(BackwardKinds))]
    public void Edge_values_in_dy_at_head_body_and_tail_match_the_specification(DType dtype, SoftmaxOp op)
    {
        const Pass pass = Pass.Backward;
        var random = new Random(Seed);
        var failures = new List<string>();
        int cases = 0;
        foreach (int length in Lengths)
        {
            foreach ((string name, double value) in NamedEdgeValues)
            {
                foreach (int position in PositionClasses(length))
                {
                    double[] x = Normal(random, length), dy = Normal(random, length);
                    dy[position] = value;
                    cases++;
                    if (VectorizedRunner.Check(dtype, op, pass, [length], 0, x, dy, position % (MaxOffset + 1)) is { } failure)
                    {
                        failures.Add($"[dy {name} at {position}] {failure}");
                    }
                }
            }
        }
        VectorizedKinds.AssertNoFailures(failures, cases);
    }
}
