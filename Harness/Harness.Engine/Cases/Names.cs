using Reference;

namespace Harness.Cases;

/// <summary>The wire names of ops, passes and dtypes, as PyTorch spells them; used in files, options and messages.</summary>
public static class Names
{
    public static string Of(SoftmaxOp op) => op switch
    {
        SoftmaxOp.Softmax => "softmax",
        SoftmaxOp.LogSoftmax => "log_softmax",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public static string Of(Pass pass) => pass switch
    {
        Pass.Forward => "forward",
        Pass.Backward => "backward",
        _ => throw new ArgumentOutOfRangeException(nameof(pass), pass, null),
    };

    public static string Of(DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static readonly IReadOnlyList<SoftmaxOp> AllOps = [SoftmaxOp.Softmax, SoftmaxOp.LogSoftmax];
    public static readonly IReadOnlyList<Pass> AllPasses = [Pass.Forward, Pass.Backward];
    public static readonly IReadOnlyList<DType> AllDTypes = [DType.Float32, DType.Float64];

    public static bool TryParseOp(string text, out SoftmaxOp op)
    {
        foreach (SoftmaxOp candidate in AllOps)
        {
            if (Of(candidate) == text) { op = candidate; return true; }
        }
        op = default;
        return false;
    }

    public static bool TryParsePass(string text, out Pass pass)
    {
        foreach (Pass candidate in AllPasses)
        {
            if (Of(candidate) == text) { pass = candidate; return true; }
        }
        pass = default;
        return false;
    }

    public static bool TryParseDType(string text, out DType dtype)
    {
        foreach (DType candidate in AllDTypes)
        {
            if (Of(candidate) == text) { dtype = candidate; return true; }
        }
        dtype = default;
        return false;
    }
}
