using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Harness.Cases;
using Harness.Subjects;
using Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace Harness.Oracles;

/// <summary>
/// The reference answer: libtorch (through TorchSharp) on the CPU. Forward cases call softmax/log_softmax; backward
/// cases call autograd's backward with dy and read x.grad. Data moves through spans over tensor storage (creating
/// tensors from arrays is 10-80x slower); every tensor of a case is disposed with the case's dispose scope.
/// </summary>
public sealed class TorchOracle : ICaseEvaluator
{
    private static readonly object InitLock = new();
    private static int _threads;

    /// <param name="threads">libtorch's intra-op thread count, fixed for the process (first caller wins).</param>
    public TorchOracle(int threads = 1)
    {
        Initialize(threads);
    }

    public string Name => "torch";

    /// <summary>The libtorch version, e.g. "2.10.0.0".</summary>
    public static string LibTorchVersion => torch.__version__;

    /// <summary>libtorch's intra-op thread count, as set by the first oracle.</summary>
    public static int Threads => _threads;

    /// <summary>The CPU capability libtorch dispatches to: ATEN_CPU_CAPABILITY when set, else what the CPU offers.</summary>
    public static string CpuCapability =>
        Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") is { Length: > 0 } pinned ? pinned
        : Avx512F.IsSupported ? "avx512" : Avx2.IsSupported ? "avx2" : "default";

    private static void Initialize(int threads)
    {
        lock (InitLock)
        {
            if (_threads != 0) return;
            torch.set_num_threads(Math.Max(1, threads));
            _threads = torch.get_num_threads();
        }
    }

    public double[] Evaluate(Case c)
    {
        using var scope = torch.NewDisposeScope();
        long[] shape = Array.ConvertAll(c.Shape, s => (long)s);
        ScalarType type = c.DType == DType.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        Tensor x = Load(c.X, shape, type);
        if (c.Pass == Pass.Forward)
        {
            using (torch.no_grad())
            {
                return Read(Apply(c.Op, x, c.Dim), c.DType);
            }
        }
        x.requires_grad_(true);
        Tensor y = Apply(c.Op, x, c.Dim);
        Tensor dy = Load(c.Dy!, shape, type);
        y.backward([dy]);
        Tensor? grad = x.grad;
        return grad is null ? new double[c.Count] : Read(grad, c.DType);
    }

    private static Tensor Apply(SoftmaxOp op, Tensor x, int dim) =>
        op == SoftmaxOp.Softmax ? torch.nn.functional.softmax(x, dim) : torch.nn.functional.log_softmax(x, dim);

    /// <summary>A new CPU tensor holding <paramref name="values"/> (rounded to float for Float32), copied through a span
    /// over its storage (10-80x faster than torch.tensor(array)). The caller's dispose scope owns it.</summary>
    public static Tensor Load(double[] values, long[] shape, ScalarType type)
    {
        Tensor t = torch.empty(shape, type);
        if (values.Length == 0) return t;
        if (type == ScalarType.Float32)
        {
            Span<float> target = MemoryMarshal.Cast<byte, float>(t.bytes);
            for (int i = 0; i < values.Length; i++) target[i] = (float)values[i];
        }
        else
        {
            values.AsSpan().CopyTo(MemoryMarshal.Cast<byte, double>(t.bytes));
        }
        return t;
    }

    private static double[] Read(Tensor t, DType dtype)
    {
        Tensor dense = t.is_contiguous() ? t : t.contiguous();
        var result = new double[dense.numel()];
        if (result.Length == 0) return result;
        if (dtype == DType.Float32)
        {
            ReadOnlySpan<float> source = MemoryMarshal.Cast<byte, float>(dense.bytes);
            for (int i = 0; i < result.Length; i++) result[i] = source[i];
        }
        else
        {
            MemoryMarshal.Cast<byte, double>(dense.bytes).CopyTo(result);
        }
        return result;
    }
}
