using Reference;

namespace PropertyTests.Mutants;

// The planted bugs. The first three are the seed notebooks' own mistakes; the rest are bugs seen in real kernels.
// Each overrides exactly one step of MutantKernel. Test-only: they exist to prove the properties catch them.

/// <summary>Seed notebook: exp(x) / sum exp(x) without subtracting the row maximum, so exp overflows.</summary>
public sealed class NoMaxSubtraction : MutantKernel
{
    public override string Name => "mutant-no-max-subtraction";
    public override string Bug => "exp(x_i) / sum exp(x_j) without subtracting max: overflow to inf/NaN above ~88 (f32) or ~709 (f64)";
    protected override double Max(double[] x) => 0;
    protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
    {
        // Computed in the element type, as the notebook did: float32 exp overflows above ~88.7.
        if (!float32) { base.ForwardRow(op, x, y, float32); return; }
        float[] e = x.Select(v => MathF.Exp((float)v)).ToArray();
        float sum = e.Sum();
        for (int c = 0; c < x.Length; c++) y[c] = op == SoftmaxOp.Softmax ? e[c] / sum : MathF.Log(e[c] / sum);
    }
}

/// <summary>Seed notebook: the Jacobian built by einsum with the wrong axes, 'i,i->ij' instead of 'i,j->ij',
/// so J_ij = delta_ij y_i - y_i y_i.</summary>
public sealed class EinsumJacobianWrongAxes : MutantKernel
{
    public override string Name => "mutant-einsum-wrong-axes";
    public override string Bug => "Jacobian outer product with the wrong einsum axes: J_ij = delta_ij y_i - y_i^2";
    protected override void SoftmaxBackwardRow(double[] y, double[] dy, double[] dx, bool float32)
    {
        double sumDy = Sum(dy, float32);
        for (int i = 0; i < y.Length; i++) dx[i] = y[i] * dy[i] - y[i] * y[i] * sumDy;
    }
}

/// <summary>Seed notebook: a loop written for one row, so a batch is normalised as one long row.</summary>
public sealed class PerRowLoopIgnoresBatching : MutantKernel
{
    public override string Name => "mutant-ignores-batching";
    public override string Bug => "normalises the whole tensor as one row, ignoring the batch";
    protected override RowLayout Layout(ReadOnlySpan<int> shape, int dim, int length)
    {
        RowLayout.Create(shape, dim, length, length);
        return RowLayout.Create([length], 0, length, length);
    }
}

/// <summary>For rank > 2 the kernel normalises over the last dimension whatever dim says.</summary>
public sealed class WrongDimForHighRank : MutantKernel
{
    public override string Name => "mutant-wrong-dim-rank3";
    public override string Bug => "uses the last dimension instead of dim for rank > 2";
    protected override RowLayout Layout(ReadOnlySpan<int> shape, int dim, int length) =>
        RowLayout.Create(shape, shape.Length > 2 ? -1 : dim, length, length);
}

/// <summary>The Jacobian's diagonal written as y_i instead of y_i (1 - y_i).</summary>
public sealed class DiagonalTermY : MutantKernel
{
    public override string Name => "mutant-diagonal-y";
    public override string Bug => "Jacobian diagonal y_i instead of y_i (1 - y_i)";
    protected override void SoftmaxBackwardRow(double[] y, double[] dy, double[] dx, bool float32)
    {
        double s = Sum(y.Select((v, i) => v * dy[i]).ToArray(), float32);
        for (int i = 0; i < y.Length; i++) dx[i] = y[i] * dy[i] - y[i] * (s - y[i] * dy[i]);
    }
}

/// <summary>A lost minus sign: dx_i = y_i (dy_i + s).</summary>
public sealed class LostMinusSign : MutantKernel
{
    public override string Name => "mutant-lost-minus";
    public override string Bug => "softmax backward y_i (dy_i + s) instead of y_i (dy_i - s)";
    protected override void SoftmaxBackwardRow(double[] y, double[] dy, double[] dx, bool float32)
    {
        double s = Sum(y.Select((v, i) => v * dy[i]).ToArray(), float32);
        for (int c = 0; c < y.Length; c++) dx[c] = y[c] * (dy[c] + s);
    }
}

/// <summary>NaN is skipped by the max and the sum, so a row with a NaN is not NaN.</summary>
public sealed class NaNNotPropagated : MutantKernel
{
    public override string Name => "mutant-nan-not-propagated";
    public override string Bug => "a NaN in a row is skipped instead of making the row NaN";
    protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32) =>
        base.ForwardRow(op, x.Select(v => double.IsNaN(v) ? double.NegativeInfinity : v).ToArray(), y, float32);
}

/// <summary>A fully masked row (all -inf) gives uniform probabilities instead of NaN.</summary>
public sealed class FullyMaskedUniform : MutantKernel
{
    public override string Name => "mutant-masked-row-uniform";
    public override string Bug => "an all -inf row gives 1/C instead of NaN";
    protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
    {
        if (x.All(double.IsNegativeInfinity))
        {
            double p = 1.0 / x.Length;
            Array.Fill(y, op == SoftmaxOp.Softmax ? p : Math.Log(p));
            return;
        }
        base.ForwardRow(op, x, y, float32);
    }
}

/// <summary>log_softmax backward without the exp: dx_i = dy_i - y_i sum dy.</summary>
public sealed class LogSoftmaxBackwardMissingExp : MutantKernel
{
    public override string Name => "mutant-logsoftmax-missing-exp";
    public override string Bug => "log_softmax backward dy_i - y_i sum dy (y is a log-probability: exp missing)";
    protected override void LogSoftmaxBackwardRow(double[] y, double[] dy, double[] dx, bool float32)
    {
        double s = Sum(dy, float32);
        for (int c = 0; c < y.Length; c++) dx[c] = dy[c] - y[c] * s;
    }
}

/// <summary>The sum of exponentials accumulated left to right in the element type: for a 50k row in float32, terms
/// below half an ulp of the running sum are lost.</summary>
public sealed class NaiveFloat32Sum : MutantKernel
{
    public override string Name => "mutant-naive-sum";
    public override string Bug => "sums accumulated naively left to right in the element type (loses small terms on long float32 rows)";
    public override int? MaxShrunkElements => null;
    protected override double Sum(ReadOnlySpan<double> values, bool float32)
    {
        if (float32)
        {
            float f = 0;
            foreach (double v in values) f += (float)v;
            return f;
        }
        double s = 0;
        foreach (double v in values) s += v;
        return s;
    }
}

/// <summary>Off by one in the max loop's bound: the last element of a row is never considered for the max.</summary>
public sealed class MaxLoopOffByOne : MutantKernel
{
    public override string Name => "mutant-max-off-by-one";
    public override string Bug => "max over x[0..n-2]: the last element is skipped, so exp overflows when it is the largest";
    protected override double Max(double[] x)
    {
        double m = x.Length == 1 ? x[0] : double.NegativeInfinity;
        for (int c = 0; c < x.Length - 1; c++) if (x[c] > m) m = x[c];
        return m;
    }
}

/// <summary>Row stride off: rows taken as contiguous runs of C elements even when dim is not the last axis.</summary>
public sealed class ContiguousRowStride : MutantKernel
{
    public override string Name => "mutant-row-stride";
    public override string Bug => "row r read as elements [r*C, (r+1)*C) whatever dim is (stride 1 instead of Inner)";
    protected override RowLayout Layout(ReadOnlySpan<int> shape, int dim, int length)
    {
        RowLayout real = RowLayout.Create(shape, dim, length, length);
        return real.Length == 0 ? real : RowLayout.Create([real.Rows, real.Length], 1, length, length);
    }
}

/// <summary>Backward uses the input x where it needs the output y (remembered from the last forward call).</summary>
public sealed class BackwardUsesX : MutantKernel
{
    [ThreadStatic] private static double[]? _lastInput;

    public override string Name => "mutant-backward-uses-x";
    public override string Bug => "backward computed from the input x instead of the output y";

    protected override double[] ForwardAll(SoftmaxOp op, double[] x, ReadOnlySpan<int> shape, int dim, bool float32, int outputLength)
    {
        _lastInput = x;
        return base.ForwardAll(op, x, shape, dim, float32, outputLength);
    }

    protected override double[] BackwardAll(SoftmaxOp op, double[] y, double[] dy, ReadOnlySpan<int> shape, int dim, bool float32, int outputLength) =>
        base.BackwardAll(op, _lastInput is { } x && x.Length == y.Length ? x : y, dy, shape, dim, float32, outputLength);
}

/// <summary>A row holding +inf gives a one-hot at the infinity instead of NaN (inf - inf).</summary>
public sealed class InfinityOneHot : MutantKernel
{
    public override string Name => "mutant-inf-one-hot";
    public override string Bug => "a +inf logit gives probability 1 (one-hot) instead of NaN";
    protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
    {
        int inf = Array.FindIndex(x, double.IsPositiveInfinity);
        if (inf >= 0 && !HasNaN(x))
        {
            for (int c = 0; c < x.Length; c++)
            {
                double p = c == inf ? 1 : 0;
                y[c] = op == SoftmaxOp.Softmax ? p : Math.Log(p);
            }
            return;
        }
        base.ForwardRow(op, x, y, float32);
    }
}

/// <summary>log_softmax as log(softmax(x)): -inf where the probability underflows instead of a finite log.</summary>
public sealed class LogOfSoftmax : MutantKernel
{
    public override string Name => "mutant-log-of-softmax";
    public override string Bug => "log_softmax computed as log(softmax(x)): -inf where softmax underflows";
    protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
    {
        base.ForwardRow(SoftmaxOp.Softmax, x, y, float32);
        if (op == SoftmaxOp.LogSoftmax)
        {
            // The probabilities are rounded to the element type first, as a kernel storing softmax would.
            for (int c = 0; c < y.Length; c++) y[c] = Math.Log(float32 ? (float)y[c] : y[c]);
        }
    }
}

/// <summary>float64 with exp evaluated in float32: every probability carries float32-level relative error (1e-8 to
/// 1e-7), a million times PyTorch's. torch.testing.assert_close's float64 defaults (atol 1e-7, rtol 1e-7) let it
/// through; the parity profile must not.</summary>
public sealed class Float64ExpInFloat32 : MutantKernel
{
    public override string Name => "mutant-float64-exp-in-float32";
    public override string Bug => "float64 softmax with exp evaluated in float32 (MathF.Exp): float32-level relative error in a float64 result";
    protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
    {
        if (float32 || HasNaN(x)) { base.ForwardRow(op, x, y, float32); return; }
        double m = Max(x);
        if (double.IsInfinity(m)) { Array.Fill(y, double.NaN); return; }
        double[] e = x.Select(v => (double)MathF.Exp((float)(v - m))).ToArray();
        double sum = Sum(e, float32);
        for (int c = 0; c < x.Length; c++) y[c] = op == SoftmaxOp.Softmax ? e[c] / sum : (x[c] - m) - Math.Log(sum);
    }
}

/// <summary>Every mutant, for the tests that prove the properties catch them.</summary>
public static class AllMutants
{
    public static IReadOnlyList<MutantKernel> Create() =>
    [
        new NoMaxSubtraction(), new EinsumJacobianWrongAxes(), new PerRowLoopIgnoresBatching(), new WrongDimForHighRank(),
        new DiagonalTermY(), new LostMinusSign(), new NaNNotPropagated(), new FullyMaskedUniform(),
        new LogSoftmaxBackwardMissingExp(), new NaiveFloat32Sum(), new MaxLoopOffByOne(), new ContiguousRowStride(),
        new BackwardUsesX(), new InfinityOneHot(), new LogOfSoftmax(), new Float64ExpInFloat32(),
    ];
}
