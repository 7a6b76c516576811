using System.Globalization;
using Harness.Cases;
using Harness.Oracles;
using Reference;
using Reference.Accurate;

namespace PropertyTests.Kernels;

/// <summary>
/// Rows whose other terms lie so far below the maximum that exp underflows even in double-double (log Z computes
/// as 0), with x_i - max built on purpose to fall exactly on a rounding midpoint of the output dtype. log Z is
/// still positive (a second entry is finite), so y_i = (x_i - max) - log Z lies just below the midpoint and must
/// round toward -inf, not to even; y_max = -log Z rounds to -0. Softmax must give exactly 1 and 0 there. The same
/// rows check the truth (ExactOracle), which has the same mechanism.
/// </summary>
/// <remarks>
/// How the midpoints are built: max = M 2^(s+1) with M a full-precision integer (2^(p-1) &lt;= M &lt; 2^p, p = 24 or 53)
/// and x = a 2^s with a a small odd integer; x - max = -(2M - a) 2^s has p + 1 significant bits with the last one
/// set, a midpoint between -(2M - a - 1) 2^s and -(2M - a + 1) 2^s; the second is the answer. s is drawn so that
/// x - max lies more than 745 below 0 (float32: s &gt;= -14; float64: s &gt;= -43), and half of the values of M are
/// odd so that ties-to-even would pick the wrong neighbour in about half of the elements. Extra columns: a -inf
/// (no effect), and for float64 an element 740 below the maximum (its exp is subnormal but nonzero, below the
/// double-double's reach next to x - max: the same mechanism without an underflow).
/// </remarks>
public sealed class AccurateUnderflowTieTests
{
    private const int Rows = 64, Seed = 20_261_206;
    private static readonly ISoftmaxKernel Kernel = new AccurateKernel();

    [Fact]
    public void Float32_log_softmax_rounds_midpoints_toward_minus_infinity_when_log_z_underflows()
    {
        (double[] x, int width) = Float32Rows();
        float[] xs = Array.ConvertAll(x, v => (float)v), ys = new float[xs.Length];
        Kernel.Forward(SoftmaxOp.LogSoftmax, xs, ys, [Rows, width], -1);
        var failures = new List<string>();
        for (int r = 0; r < Rows; r++)
        {
            int o = r * width;
            Check(failures, r, 0, -0.0, ys[o]);
            for (int c = 1; c < 4; c++) Check(failures, r, c, BelowMidpoint32((double)xs[o + c] - xs[o]), ys[o + c]);
            Check(failures, r, 4, double.NegativeInfinity, ys[o + 4]);
        }
        AssertNone(failures, "float32 log_softmax");
    }

    [Fact]
    public void Float32_softmax_of_rows_whose_other_terms_underflow_is_one_and_zeros()
    {
        (double[] x, int width) = Float32Rows();
        float[] xs = Array.ConvertAll(x, v => (float)v), ys = new float[xs.Length];
        Kernel.Forward(SoftmaxOp.Softmax, xs, ys, [Rows, width], -1);
        var failures = new List<string>();
        for (int i = 0; i < ys.Length; i++) Check(failures, i / width, i % width, i % width == 0 ? 1.0 : 0.0, ys[i]);
        AssertNone(failures, "float32 softmax");
    }

    [Fact]
    public void Float64_log_softmax_rounds_midpoints_toward_minus_infinity_when_log_z_is_below_reach()
    {
        (double[] x, double[] below, int width) = Float64Rows();
        double[] y = new double[x.Length];
        Kernel.Forward(SoftmaxOp.LogSoftmax, x, y, [Rows, width], -1);
        var failures = new List<string>();
        for (int r = 0; r < Rows; r++)
        {
            int o = r * width;
            bool underflows = r % 2 == 0; // odd rows hold the element 740 below the maximum: -log Z is subnormal there
            if (underflows) Check(failures, r, 0, -0.0, y[o]);
            for (int c = 1; c < 4; c++) Check(failures, r, c, below[o + c], y[o + c]);
            Check(failures, r, 4, underflows ? double.NegativeInfinity : -740.0, y[o + 4]);
        }
        AssertNone(failures, "float64 log_softmax");
    }

    [Fact]
    public void Float64_softmax_of_rows_whose_other_terms_underflow_is_one_and_zeros()
    {
        (double[] x, _, int width) = Float64Rows();
        double[] y = new double[x.Length];
        Kernel.Forward(SoftmaxOp.Softmax, x, y, [Rows, width], -1);
        var failures = new List<string>();
        for (int r = 0; r < Rows; r += 2)
        {
            for (int c = 0; c < width; c++) Check(failures, r, c, c == 0 ? 1.0 : 0.0, y[r * width + c]);
        }
        AssertNone(failures, "float64 softmax");
    }

    /// <summary>The truth itself (<see cref="ExactOracle"/>, which arbitration and tuning trust) on the same rows:
    /// its double, rounded to odd, must cast to the float just below each midpoint.</summary>
    [Fact]
    public void Exact_oracle_float32_log_softmax_truth_lies_below_the_midpoints_when_log_z_underflows()
    {
        (double[] x, int width) = Float32Rows();
        double[] truth = new ExactOracle().Evaluate(new Case(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float32, [Rows, width], 1, x, null));
        var failures = new List<string>();
        for (int r = 0; r < Rows; r++)
        {
            int o = r * width;
            Check(failures, r, 0, -0.0, (float)truth[o]);
            for (int c = 1; c < 4; c++) Check(failures, r, c, BelowMidpoint32(x[o + c] - x[o]), (float)truth[o + c]);
            Check(failures, r, 4, double.NegativeInfinity, truth[o + 4]);
        }
        AssertNone(failures, "float32 log_softmax", "exact oracle's");
    }

    [Fact]
    public void Exact_oracle_float64_log_softmax_truth_rounds_midpoints_toward_minus_infinity_when_log_z_is_below_reach()
    {
        (double[] x, double[] below, int width) = Float64Rows();
        double[] truth = new ExactOracle().Evaluate(new Case(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float64, [Rows, width], 1, x, null));
        var failures = new List<string>();
        for (int r = 0; r < Rows; r++)
        {
            int o = r * width;
            bool underflows = r % 2 == 0;
            if (underflows) Check(failures, r, 0, -0.0, truth[o]);
            for (int c = 1; c < 4; c++) Check(failures, r, c, below[o + c], truth[o + c]);
            Check(failures, r, 4, underflows ? double.NegativeInfinity : -740.0, truth[o + 4]);
        }
        AssertNone(failures, "float64 log_softmax", "exact oracle's");
    }

    /// <summary>Rows [max, x1, x2, x3, -inf], every x_c - max a float midpoint more than 745 below 0.</summary>
    private static (double[] X, int Width) Float32Rows()
    {
        const int width = 5;
        var random = new Random(Seed);
        var x = new double[Rows * width];
        for (int r = 0; r < Rows; r++)
        {
            int s = random.Next(-14, 40);
            long m = (1L << 23) + random.Next(1 << 23);
            x[r * width] = Math.ScaleB(m, s + 1);
            for (int c = 1; c < 4; c++) x[r * width + c] = Math.ScaleB(2 * random.Next(-50, 50) + 1, s);
            x[r * width + 4] = double.NegativeInfinity;
        }
        return (x, width);
    }

    /// <summary>Rows [max, x1, x2, x3, z] with the midpoints of <see cref="Float32Rows"/> in double, z = -inf (even
    /// rows: log Z underflows) or max - 740 (odd rows: log Z = e^-740, subnormal); the expected outputs of x1..x3.</summary>
    private static (double[] X, double[] Below, int Width) Float64Rows()
    {
        const int width = 5;
        var random = new Random(Seed + 1);
        var x = new double[Rows * width];
        var below = new double[x.Length];
        for (int r = 0; r < Rows; r++)
        {
            int s = r % 2 == 0 ? random.Next(-43, 40) : random.Next(-43, 1); // odd rows: ulp(max) <= 4 divides 740
            long m = (1L << 52) + random.NextInt64(1L << 52);
            x[r * width] = Math.ScaleB(m, s + 1);
            for (int c = 1; c < 4; c++)
            {
                long a = 2 * random.Next(-50, 50) + 1;
                x[r * width + c] = Math.ScaleB(a, s);
                below[r * width + c] = -Math.ScaleB((2 * m - a + 1) / 2, s + 1); // -(2M - a + 1) 2^s, exactly
            }
            x[r * width + 4] = r % 2 == 0 ? double.NegativeInfinity : x[r * width] - 740;
        }
        return (x, below, width);
    }

    /// <summary>The float just below d, a float midpoint.</summary>
    private static double BelowMidpoint32(double d)
    {
        float nearest = (float)d;
        return nearest > d ? MathF.BitDecrement(nearest) : nearest;
    }

    private static void Check(List<string> failures, int r, int c, double expected, double actual)
    {
        if (BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual)) return;
        string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        failures.Add($"[{r}, {c}]: expected {R(expected)}, actual {R(actual)}");
    }

    private static void AssertNone(List<string> failures, string what, string who = "accurate kernel's") =>
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine,
            $"The {who} {what} misrounds {failures.Count} outputs of rows whose log Z is below reach ({LaneWidth.Describe()}, seed {Seed}).",
            string.Join(Environment.NewLine, failures.Take(6).Select(f => "  " + f))));
}
