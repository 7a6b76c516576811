using Harness.Cases;
using Reference;

namespace PropertyTests.Kernels;

/// <summary>The combinations the vectorised kernel's theories run over, and the one assertion they share.</summary>
internal static class VectorizedKinds
{
    public static TheoryData<DType, SoftmaxOp> DTypesAndOps()
    {
        var data = new TheoryData<DType, SoftmaxOp>();
        foreach (DType dtype in Names.AllDTypes)
        {
            foreach (SoftmaxOp op in Names.AllOps) data.Add(dtype, op);
        }
        return data;
    }

    public static TheoryData<DType, SoftmaxOp, Pass> DTypesOpsAndPasses()
    {
        var data = new TheoryData<DType, SoftmaxOp, Pass>();
        foreach (DType dtype in Names.AllDTypes)
        {
            foreach (SoftmaxOp op in Names.AllOps)
            {
                foreach (Pass pass in Names.AllPasses) data.Add(dtype, op, pass);
            }
        }
        return data;
    }

    /// <summary>Fails with the first failure message and the number of failing cases.</summary>
    public static void AssertNoFailures(List<string> failures, int cases)
    {
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {cases} cases failed (seed {VectorizedInputs.Seed}, {LaneWidth.Describe()}); the first:{Environment.NewLine}{(failures.Count > 0 ? failures[0] : "")}");
    }
}
