using Reference;

namespace ThirdPartyKernels;

/// <summary>
/// The ordinary kernel: arithmetic in the element type (MathF.Exp, float division for float32), only the sum
/// accumulated in double. Typically 4 to 21 ULP from the truth in float32: the strict profile fails it, PyTorch is
/// no better.
/// </summary>
public sealed class PlainArithmetic : RowKernel
{
    public override string Name => "plain-arithmetic";

    protected override void ForwardRow(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y)
    {
        float m = Max(x);
        double sum = 0;
        for (int c = 0; c < x.Length; c++) sum += MathF.Exp(x[c] - m);
        float s = (float)sum, logS = MathF.Log(s);
        for (int c = 0; c < x.Length; c++) y[c] = op == SoftmaxOp.Softmax ? MathF.Exp(x[c] - m) / s : x[c] - m - logS;
    }

    protected override void ForwardRow(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y)
    {
        double m = Max(x);
        double sum = 0;
        for (int c = 0; c < x.Length; c++) sum += Math.Exp(x[c] - m);
        double logS = Math.Log(sum);
        for (int c = 0; c < x.Length; c++) y[c] = op == SoftmaxOp.Softmax ? Math.Exp(x[c] - m) / sum : x[c] - m - logS;
    }
}
