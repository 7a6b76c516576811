using Harness.Cases;
using Harness.Oracles;
using Reference;
using static PropertyTests.Kernels.VectorizedInputs;

namespace PropertyTests.Kernels;

/// <summary>Accuracy claims checked against independent references rather than the specification: the
/// log-probability of a dominant logit, sums of long rows, and float64 error next to libtorch's.</summary>
public sealed class VectorizedAccuracyTests
{
    /// <summary>Gaps between the dominant logit and the rest: 1 + 9 e^-gap rounds to 1 in float32 from gap 19 and in
    /// float64 from gap 39, so these cover both sides of both (19, 23, 32 and 39 also caught float64 sums taken in
    /// blocks of 32 additions per lane, 5-6 ULP off; see CompensatedSum). The dominant logit sits at 0 and at 1000: far from 0,
    /// max + log(sum) loses log(sum) when that is tiny, so a kernel that subtracted them from x in one step would fail
    /// there.</summary>
    public static TheoryData<DType, double, double> DominantGaps()
    {
        var data = new TheoryData<DType, double, double>();
        foreach (DType dtype in Names.AllDTypes)
        {
            foreach (double gap in new[] { 5.0, 19.0, 23.0, 30.0, 32.0, 39.0, 45.0, 80.0 })
            {
                foreach (double at in new[] { 0.0, 1000.0 }) data.Add(dtype, gap, at);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DominantGaps))]
    public void Log_softmax_of_a_dominant_logit_keeps_its_relative_accuracy(DType dtype, double gap, double at)
    {
        // Rows [at, at - gap x (C - 1)]: y0 = -log(1 + t), t = (C - 1) e^-gap. For t < 1e-3 the series
        // t - t^2/2 + ... - t^8/8 is exact to double precision (the next term is below 2e-25 t). For larger t,
        // log(u) - ((u - 1) - t) / u with u = RN(1 + t) corrects the rounding of u to first order (a different formula
        // from the kernel's). Three rows of 10 (grouped or pipelined rows) and of 1000 (each row's output written
        // inside the next row's exp pass); every logit is exact in float32. Row r's gap is gap + 2r, so a row summed
        // with another row's logits (a sum taken again for the wrong row) gets another row's answer.
        const int rows = 3;
        foreach (int length in new[] { 10, 1000, 4099 })
        {
            double[] x = new double[rows * length];
            for (int i = 0; i < x.Length; i++) x[i] = i % length == 0 ? at : at - (gap + 2 * (i / length));
            double[] y = VectorizedRunner.Forward(VectorizedRunner.Subject, dtype, SoftmaxOp.LogSoftmax, [rows, length], 1, x, 0);
            double allowed = dtype == DType.Float32 ? VectorizedTolerance.Float32Ulps : VectorizedTolerance.Float64Ulps;
            for (int r = 0; r < rows; r++)
            {
                double t = (length - 1) * Math.Exp(-(gap + 2 * r));
                double u = 1 + t;
                double expected = t < 1e-3 ? -t * Log1pSeries(t) : -(Math.Log(u) - ((u - 1) - t) / u);
                double actual = y[r * length];
                double ulps = dtype == DType.Float32 ? VectorizedUlps.Float32(expected, actual) : VectorizedUlps.Float64(expected, actual);
                Assert.True(ulps <= allowed, $"log_softmax(x)[{r}, 0] of {rows} x {length} with gap {gap + 2 * r} at {at}: expected {expected:R}, actual {actual:R}, {ulps} ULP > {allowed} ({LaneWidth.Describe()})");
            }
        }
    }

    /// <summary>1 - t/2 + t^2/3 - ... - t^7/8, i.e. log(1 + t) / t to degree 7.</summary>
    private static double Log1pSeries(double t)
    {
        double p = 0;
        for (int n = 8; n >= 1; n--) p = p * -t + 1.0 / n;
        return p;
    }

    /// <summary>A row of 2^18 + 3 float64 logits: the sum's error must stay within the per-element ULP budget,
    /// not grow with C (a naive running sum drifts by about sqrt(C) roundings, some hundreds of ULP here).</summary>
    [Fact]
    public void Long_row_sum_error_does_not_grow_with_the_row_length()
    {
        const int length = (1 << 18) + 3;
        var random = new Random(Seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) x[i] = random.NextDouble(); // exp(x - 1) in [e^-1, 1]: all terms comparable
        double[] actual = VectorizedRunner.Forward(VectorizedRunner.Subject, DType.Float64, SoftmaxOp.Softmax, [length], 0, x, 0);
        double max = x.Max();
        double[] e = Array.ConvertAll(x, v => Math.Exp(v - max));
        double sum = NeumaierSum(e);
        double worst = 0;
        for (int i = 0; i < length; i++) worst = Math.Max(worst, VectorizedUlps.Float64(e[i] / sum, actual[i]));
        Assert.True(worst <= VectorizedTolerance.Float64Ulps, $"worst element is {worst} ULP from the compensated reference (allowed {VectorizedTolerance.Float64Ulps}, {LaneWidth.Describe()})");
    }

    /// <summary>float64 forward: the kernel's worst ULP error against a reference (glibc exp, compensated sum, one
    /// division: about 1 ULP) is no larger than libtorch's on the same rows, plus that 1 ULP of the reference's own.</summary>
    [Theory]
    [InlineData(SoftmaxOp.Softmax)]
    [InlineData(SoftmaxOp.LogSoftmax)]
    public void Float64_forward_error_is_no_worse_than_libtorch(SoftmaxOp op)
    {
        const double referenceUlps = 1;
        var torch = new TorchOracle();
        var random = new Random(Seed);
        double worstKernel = 0, worstTorch = 0;
        foreach (int length in new[] { 7, 64, 100, 1000, 4099, 50257 })
        {
            double[] x = Normal(random, length, scale: 4);
            double[] reference = Reference(op, x);
            double[] kernel = VectorizedRunner.Forward(VectorizedRunner.Subject, DType.Float64, op, [length], 0, x, 0);
            double[] libtorch = torch.Evaluate(new Case(op, Pass.Forward, DType.Float64, [length], 0, x, null));
            for (int i = 0; i < length; i++)
            {
                worstKernel = Math.Max(worstKernel, VectorizedUlps.Float64(reference[i], kernel[i]));
                worstTorch = Math.Max(worstTorch, VectorizedUlps.Float64(reference[i], libtorch[i]));
            }
        }
        Assert.True(worstKernel <= worstTorch + referenceUlps, $"worst ULP error: kernel {worstKernel}, libtorch {worstTorch} ({LaneWidth.Describe()})");
    }

    private static double[] Reference(SoftmaxOp op, double[] x)
    {
        double max = x.Max();
        double[] e = Array.ConvertAll(x, v => Math.Exp(v - max));
        double sum = NeumaierSum(e);
        // log(sum) with sum >= 1: Math.Log is within 1 ULP; the y near 0 of a dominant logit do not occur at scale 4.
        return op == SoftmaxOp.Softmax ? Array.ConvertAll(e, v => v / sum) : Array.ConvertAll(x, v => (v - max) - Math.Log(sum));
    }

    private static double NeumaierSum(double[] values)
    {
        double sum = 0, compensation = 0;
        foreach (double v in values)
        {
            double t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        return sum + compensation;
    }
}
