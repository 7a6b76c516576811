using Reference;

namespace ThirdPartyKernels;

/// <summary>
/// Computes in double and rounds once: max, exp(x - max), a plain double sum, then y = e / sum or
/// log_softmax = (x - max) - log(sum) (log of the sum, no log1p: near 0 the result cancels, so its relative error is
/// large there, yet it is still nearer the truth than libtorch's). float64 is the same in plain double.
/// The first example: float32 log_softmax of [31, 0] gives -3.4417e-14 where the truth is -3.4425e-14 and
/// torch 0.
/// </summary>
public sealed class DoubleRoundOnce : RowKernel
{
    public override string Name => "double-round-once";

    protected override void ForwardRow(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y)
    {
        double[] wide = new double[x.Length];
        for (int c = 0; c < x.Length; c++) wide[c] = x[c];
        double[] result = new double[x.Length];
        ForwardRow(op, wide, result);
        for (int c = 0; c < x.Length; c++) y[c] = (float)result[c];
    }

    protected override void ForwardRow(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y)
    {
        double m = Max(x);
        double sum = 0;
        for (int c = 0; c < x.Length; c++) sum += Math.Exp(x[c] - m);
        double logSum = Math.Log(sum);
        for (int c = 0; c < x.Length; c++) y[c] = op == SoftmaxOp.Softmax ? Math.Exp(x[c] - m) / sum : x[c] - m - logSum;
    }
}
