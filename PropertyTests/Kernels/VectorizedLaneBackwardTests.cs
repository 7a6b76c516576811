using System.Globalization;
using Harness.Cases;
using Harness.Oracles;
using Reference;

namespace PropertyTests.Kernels;

/// <summary>
/// The vectorised kernel's backward end to end (its own forward output y fed to its own backward), against the
/// double-double truth of dx at x, next to libtorch's end-to-end error on the same rows (TorchOracle: autograd
/// through its own softmax): per row, the kernel's largest |dx - truth| may exceed libtorch's by at most one ULP of
/// the row's largest |dx| (issue #20), at whatever lane width this process runs (scripts/lane-widths.sh runs it at
/// each). Every regime of <see cref="VectorizedLaneRegimes"/>, rows along the last dim (the overlapped contiguous
/// pass) and along the first (lanes across rows, plus the gathered rows left over), and upstream gradients of three
/// sizes: softmax's dx_i = y_i (dy_i - s) cancels wherever dy_i is close to s, worst with one dominant output
/// (dx about 1e-11 where s is about dy_0).
/// </summary>
public sealed class VectorizedLaneBackwardTests
{
    private const int Seed = 20_261_208;

    /// <summary>Independent draws per regime and layout (each runs every length of <see cref="VectorizedLaneRegimes.Lengths"/>).</summary>
    private const int Draws = 3;

    private static readonly double[] GradientScales = [1.0, 1e-3, 50.0];

    public static TheoryData<DType, SoftmaxOp, string> Cases()
    {
        var data = new TheoryData<DType, SoftmaxOp, string>();
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            foreach (SoftmaxOp op in new[] { SoftmaxOp.Softmax, SoftmaxOp.LogSoftmax })
            {
                foreach (string regime in VectorizedLaneRegimes.Names) data.Add(dtype, op, regime);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_end_to_end_is_within_one_ulp_of_libtorch(DType dtype, SoftmaxOp op, string regime) =>
        Check(VectorizedRunner.Subject, "vectorized", dtype, op, regime);

    /// <summary>
    /// The worst row, over <see cref="Draws"/> draws of every length of <see cref="VectorizedLaneRegimes.Lengths"/>, rows
    /// along the last and the first dim: the kernel's largest |dx - truth| minus libtorch's, in ULP of the row's
    /// largest |dx|, must be at most 1. <paramref name="kernel"/> computes y from x, then dx from y and dy.
    /// </summary>
    internal static void Check(ISoftmaxKernel kernel, string name, DType dtype, SoftmaxOp op, string regime)
    {
        var oracle = new ExactOracle();
        var torch = new TorchOracle();
        double worstExcess = double.NegativeInfinity;
        string? where = null;
        for (int draw = 0; draw < Draws; draw++)
        {
            var random = new Random(Seed + 97 * draw + regime.Length * 7 + (int)dtype);
            double scale = GradientScales[draw % GradientScales.Length];
            foreach (int dim in new[] { 1, 0 })
            {
                foreach (int length in VectorizedLaneRegimes.Lengths)
                {
                    // along the first dim: 9 rows, one more than 512-bit lanes hold, so the lanes and a gathered row both run
                    int rows = dim == 1 ? 3 : 9;
                    int[] shape = dim == 1 ? [rows, length] : [length, rows];
                    double[] x = new double[rows * length], dy = new double[rows * length], row = new double[length];
                    for (int r = 0; r < rows; r++)
                    {
                        VectorizedLaneRegimes.Fill(regime, row, random);
                        for (int c = 0; c < length; c++) x[At(dim, rows, length, r, c)] = row[c];
                    }
                    for (int i = 0; i < dy.Length; i++) dy[i] = scale * VectorizedLaneRegimes.Gaussian(random);
                    if (dtype == DType.Float32)
                    {
                        x = Array.ConvertAll(x, v => (double)(float)v);
                        dy = Array.ConvertAll(dy, v => (double)(float)v);
                    }
                    var c0 = new Case(op, Pass.Backward, dtype, shape, dim, x, dy);
                    double[] truth = oracle.Evaluate(c0);
                    double[] libtorch = torch.Evaluate(c0);
                    double[] y = VectorizedRunner.Forward(kernel, dtype, op, shape, dim, x, 0);
                    double[] dx = VectorizedRunner.Backward(kernel, dtype, op, shape, dim, y, dy, 0);
                    for (int r = 0; r < rows; r++)
                    {
                        double largest = 0, kernelError = 0, torchError = 0;
                        for (int c = 0; c < length; c++)
                        {
                            int i = At(dim, rows, length, r, c);
                            double t = dtype == DType.Float32 ? (float)truth[i] : truth[i];
                            largest = Math.Max(largest, Math.Abs(t));
                            kernelError = Math.Max(kernelError, Math.Abs(dx[i] - t));
                            torchError = Math.Max(torchError, Math.Abs(libtorch[i] - t));
                        }
                        // a NaN error (a kernel NaN where the truth is finite) must fail, not compare false
                        double excess = double.IsNaN(kernelError) ? double.PositiveInfinity : (kernelError - torchError) / VectorizedTolerance.Spacing(dtype, largest);
                        if (excess <= worstExcess) continue;
                        worstExcess = excess;
                        where = $"[{string.Join(", ", shape)}] dim {dim} row {r}, dy scale {R(scale)}: kernel {R(kernelError)}, libtorch {R(torchError)}, largest |dx| {R(largest)}";
                    }
                }
            }
        }
        Assert.True(worstExcess <= 1, string.Join(Environment.NewLine,
            $"The {name} kernel's {Names.Of(op)} backward ({Names.Of(dtype)}, {regime}) is {worstExcess:F2} ULP of the row's largest |dx| worse than libtorch ({LaneWidth.Describe()}, libtorch {TorchOracle.CpuCapability}).",
            $"  Worst:    {where}",
            $"  Seed:     {Seed}"));
    }

    /// <summary>Element c of row r in a [rows, length] tensor over dim 1, or a [length, rows] one over dim 0.</summary>
    private static int At(int dim, int rows, int length, int r, int c) => dim == 1 ? r * length + c : c * rows + r;

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
