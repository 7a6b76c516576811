using Reference;

namespace ThirdPartyKernels;

/// <summary>
/// The single-pass "online normalizer" softmax (Milakov and Gimelshein, 2018, as in fused attention kernels): one
/// sweep keeps a running maximum m and a running sum d rescaled whenever m grows, d = d exp(m_old - m) +
/// exp(x - m); a second sweep writes the outputs. The running sum is kept in double, the outputs are computed in the
/// element type.
/// </summary>
public sealed class OnlineNormalizer : RowKernel
{
    public override string Name => "online-normalizer";

    protected override void ForwardRow(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y)
    {
        double[] wide = new double[x.Length];
        for (int c = 0; c < x.Length; c++) wide[c] = x[c];
        (double m, double d) = Normalizer(wide);
        float mf = (float)m, df = (float)d, logD = (float)Math.Log(d);
        for (int c = 0; c < x.Length; c++) y[c] = op == SoftmaxOp.Softmax ? MathF.Exp(x[c] - mf) / df : x[c] - mf - logD;
    }

    protected override void ForwardRow(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y)
    {
        (double m, double d) = Normalizer(x);
        double logD = Math.Log(d);
        for (int c = 0; c < x.Length; c++) y[c] = op == SoftmaxOp.Softmax ? Math.Exp(x[c] - m) / d : x[c] - m - logD;
    }

    // One pass: the running maximum and the sum of exp(x - maximum). A NaN makes m NaN and with it the whole row;
    // +inf gives inf - inf = NaN as in PyTorch. A -inf adds nothing (exp(-inf - m) would be exp(NaN) while m is
    // still -inf); an all -inf row ends with m = -inf and d = 0, and gives NaN through -inf - -inf.
    private static (double M, double D) Normalizer(ReadOnlySpan<double> x)
    {
        double m = double.NegativeInfinity, d = 0;
        foreach (double v in x)
        {
            if (double.IsNegativeInfinity(v)) continue;
            double next = Math.Max(m, v);
            if (next > m) d *= Math.Exp(m - next); // exp(-inf) = 0 when m was -inf: nothing summed yet
            else if (double.IsNaN(next)) d = double.NaN;
            m = next;
            d += Math.Exp(v - m);
        }
        return (m, d);
    }
}
