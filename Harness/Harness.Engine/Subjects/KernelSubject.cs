using Harness.Cases;
using Reference;

namespace Harness.Subjects;

/// <summary>
/// Runs an <see cref="ISoftmaxKernel"/> on a case in the case's dtype. A backward case runs end to end, as autograd
/// does: the kernel's own forward output feeds its backward.
/// </summary>
/// <remarks>
/// Buffers can start at an element offset into a larger array (<see cref="Evaluate(Case, int)"/>), so that
/// vectorised code meets every alignment of its head and tail paths; the generator varies the offset per case.
/// </remarks>
public sealed class KernelSubject(ISoftmaxKernel kernel, string? spec = null) : ICaseEvaluator
{
    public ISoftmaxKernel Kernel { get; } = kernel;

    public string Name => Kernel.Name;

    /// <summary>How to find this subject again: a built-in name or <c>path/Kernels.dll:Namespace.Type</c>
    /// (<see cref="SubjectCatalog.Resolve"/> accepts it); fixtures and rerun commands record it.</summary>
    public string Spec { get; } = spec ?? kernel.Name;

    /// <summary>The DLL a loaded subject came from (path, version, hash); null for built-in and in-process kernels.</summary>
    public SubjectOrigin? Origin { get; init; }

    public double[] Evaluate(Case c) => Evaluate(c, 0);

    /// <summary>Evaluates with every buffer starting <paramref name="offset"/> elements into its array.</summary>
    public double[] Evaluate(Case c, int offset)
    {
        return c.DType == DType.Float32 ? RunFloat32(c, offset) : RunFloat64(c, offset);
    }

    private double[] RunFloat32(Case c, int offset)
    {
        int n = c.Count;
        var x = new float[n + offset];
        for (int i = 0; i < n; i++) x[offset + i] = (float)c.X[i];
        var y = new float[n + offset];
        Kernel.Forward(c.Op, x.AsSpan(offset, n), y.AsSpan(offset, n), c.Shape, c.Dim);
        if (c.Pass == Pass.Forward) return Widen(y.AsSpan(offset, n));
        var dy = new float[n + offset];
        for (int i = 0; i < n; i++) dy[offset + i] = (float)c.Dy![i];
        var dx = new float[n + offset];
        Kernel.Backward(c.Op, y.AsSpan(offset, n), dy.AsSpan(offset, n), dx.AsSpan(offset, n), c.Shape, c.Dim);
        return Widen(dx.AsSpan(offset, n));
    }

    private double[] RunFloat64(Case c, int offset)
    {
        int n = c.Count;
        var x = new double[n + offset];
        c.X.CopyTo(x, offset);
        var y = new double[n + offset];
        Kernel.Forward(c.Op, x.AsSpan(offset, n), y.AsSpan(offset, n), c.Shape, c.Dim);
        if (c.Pass == Pass.Forward) return y.AsSpan(offset, n).ToArray();
        var dy = new double[n + offset];
        c.Dy!.CopyTo(dy, offset);
        var dx = new double[n + offset];
        Kernel.Backward(c.Op, y.AsSpan(offset, n), dy.AsSpan(offset, n), dx.AsSpan(offset, n), c.Shape, c.Dim);
        return dx.AsSpan(offset, n).ToArray();
    }

    /// <summary>Runs only the kernel's backward, on a given forward output <paramref name="y"/> (torch's, to judge
    /// the backward in isolation from the kernel's own forward).</summary>
    public double[] EvaluateBackward(Case c, double[] y, int offset = 0)
    {
        if (c.Pass != Pass.Backward) throw new ArgumentException($"{c.Kind} is not a backward case.", nameof(c));
        int n = c.Count;
        if (c.DType == DType.Float32)
        {
            float[] Narrow(double[] values)
            {
                var result = new float[n + offset];
                for (int i = 0; i < n; i++) result[offset + i] = (float)values[i];
                return result;
            }
            float[] y32 = Narrow(y), dy32 = Narrow(c.Dy!);
            var dx32 = new float[n + offset];
            Kernel.Backward(c.Op, y32.AsSpan(offset, n), dy32.AsSpan(offset, n), dx32.AsSpan(offset, n), c.Shape, c.Dim);
            return Widen(dx32.AsSpan(offset, n));
        }
        var y64 = new double[n + offset];
        y.CopyTo(y64, offset);
        var dy64 = new double[n + offset];
        c.Dy!.CopyTo(dy64, offset);
        var dx64 = new double[n + offset];
        Kernel.Backward(c.Op, y64.AsSpan(offset, n), dy64.AsSpan(offset, n), dx64.AsSpan(offset, n), c.Shape, c.Dim);
        return dx64.AsSpan(offset, n).ToArray();
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
