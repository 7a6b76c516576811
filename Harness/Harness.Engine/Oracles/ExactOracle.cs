using Harness.Cases;
using Harness.Comparison;
using Harness.Subjects;
using Reference;
using Reference.Numerics;

namespace Harness.Oracles;

/// <summary>
/// The high-precision truth: softmax and log_softmax, forward and backward, computed in double-double (about 104
/// bits) from the case's exact input values, with PyTorch's special-value semantics. Both dtypes are computed
/// from the same exact values (a float32 case holds exact floats), so the truth is that of the mathematical
/// function at the given input; the backward truth is the exact derivative at x applied to dy.
/// </summary>
/// <remarks>
/// <para>Results come back as doubles: float64 cases rounded to nearest; float32 cases rounded to odd, so that a
/// caller's (float) cast yields the correctly rounded float32 truth (see
/// <see cref="DoubleDouble.ToDoubleRoundToOdd"/>) while the double stays within 1 double ulp of the truth.</para>
/// <para>The steps share nothing with the accurate kernel but the double-double primitives (which have their own
/// known-value tests): plain sequential double-double sums, a full division per element, and log of the sum
/// as log1p of the sum without one largest term.</para>
/// </remarks>
public sealed class ExactOracle : ICaseEvaluator
{
    public string Name => "exact";

    public double[] Evaluate(Case c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var result = new double[c.Count];
        if (c.Count == 0) return result;
        RowLayout layout = c.Layout;
        int n = layout.Length;
        var x = new double[n];
        var dy = new double[n];
        var output = new double[n];
        var scaled = new DoubleDouble[n];
        var exponents = new int[n];
        bool toOdd = c.DType == DType.Float32;
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int k = 0; k < n; k++)
            {
                x[k] = c.X[start + k * layout.Inner];
                if (c.Dy is not null) dy[k] = c.Dy[start + k * layout.Inner];
            }
            if (c.Pass == Pass.Forward) ForwardRow(c.Op, x, output, scaled, exponents, toOdd);
            else BackwardRow(c.Op, x, dy, output, scaled, exponents, toOdd);
            for (int k = 0; k < n; k++) result[start + k * layout.Inner] = output[k];
        }
        return result;
    }

    /// <summary>
    /// One forward row. 1. m = max x; NaN anywhere, m = +inf or m = -inf make the row NaN (PyTorch). 2. d_i = x_i - m
    /// exactly (TwoSum). 3. exp(d_i) = f_i 2^k_i, f_i in [1, 2), so no output underflows before its last rounding.
    /// 4. S = 1 + R, R = the sum of the other f_i 2^k_i in double-double. 5. softmax y_i = (f_i / S) 2^k_i, rounded
    /// once; log_softmax y_i = d_i - log1p(R).
    /// </summary>
    private static void ForwardRow(SoftmaxOp op, double[] x, double[] y, DoubleDouble[] f, int[] k, bool toOdd)
    {
        if (!Exponentiate(x, f, k, out double m, out DoubleDouble rest, out bool restPositive))
        {
            Array.Fill(y, double.NaN);
            return;
        }
        if (op == SoftmaxOp.Softmax)
        {
            DoubleDouble sum = rest + 1.0;
            for (int i = 0; i < x.Length; i++)
            {
                DoubleDouble q = f[i] / sum;
                y[i] = toOdd ? DoubleDouble.ScaleB(q, k[i]).ToDoubleRoundToOdd() : DoubleDouble.ScaleToDouble(q, k[i]);
            }
            return;
        }
        DoubleDouble logSum = DoubleDouble.Log1p(rest);
        for (int i = 0; i < x.Length; i++)
        {
            // x_i = -inf, or x_i - m beyond the double range (-MaxValue - 1e292): the exact value is below every
            // double, so -inf, as PyTorch gives; double-double arithmetic on an infinite word would make it NaN.
            DoubleDouble difference = Difference(x[i], m);
            if (double.IsNegativeInfinity(difference.Hi))
            {
                y[i] = double.NegativeInfinity;
                continue;
            }
            DoubleDouble value = difference - logSum;
            // log Z > 0 whenever a second entry is finite, even where it is below the double-double's reach next to
            // x_i - m (the other terms underflowed, or log Z is far below the last bit of x_i - m's low word): then
            // value is x_i - m unchanged, and the truth lies just below it (issue #20).
            bool lost = restPositive && value.Hi == difference.Hi && value.Lo == difference.Lo;
            y[i] = lost ? JustBelow(value, toOdd) : toOdd ? value.ToDoubleRoundToOdd() : value.Hi;
        }
    }

    /// <summary>
    /// The rounding of v - t for some t &gt; 0 too small to show in v's words: to nearest (ties toward -inf, where
    /// v is a midpoint, since the truth lies below it; -0 for v = 0), or to odd (<paramref name="toOdd"/>: the odd
    /// one of the two doubles around v - t, so that a float32 cast rounds it as the truth, not as v).
    /// </summary>
    internal static double JustBelow(DoubleDouble v, bool toOdd)
    {
        double s = DoubleDouble.TwoSum(v.Hi, v.Lo, out double e);
        double lower = Math.BitDecrement(s);
        if (e == 0)
        {
            // v is the double s: v - t lies between lower and s
            if (toOdd) return (BitConverter.DoubleToInt64Bits(s) & 1) != 0 ? s : lower;
            return s == 0 ? -0.0 : s;
        }
        // v lies strictly between two doubles, and so does v - t: the same two, and the same nearest one unless v is
        // the midpoint of lower and s (rounded to s), where v - t is nearer lower
        if (toOdd) return v.ToDoubleRoundToOdd();
        return -e == (s - lower) * 0.5 ? lower : s;
    }

    /// <summary>
    /// One backward row: the exact derivative at x. p_i = softmax(x)_i in double-double; softmax dx_i =
    /// p_i (dy_i - sum_j p_j dy_j); log_softmax dx_i = dy_i - p_i sum_j dy_j. A NaN row stays NaN; an inf or NaN in
    /// dy takes IEEE double arithmetic on the rounded p, as PyTorch's own arithmetic would.
    /// </summary>
    private static void BackwardRow(SoftmaxOp op, double[] x, double[] dy, double[] dx, DoubleDouble[] f, int[] k, bool toOdd)
    {
        if (!Exponentiate(x, f, k, out _, out DoubleDouble rest, out _))
        {
            Array.Fill(dx, double.NaN);
            return;
        }
        DoubleDouble sum = rest + 1.0;
        for (int i = 0; i < x.Length; i++) f[i] = DoubleDouble.ScaleB(f[i] / sum, k[i]); // now p_i
        if (!Array.TrueForAll(dy, double.IsFinite))
        {
            double naive = 0;
            for (int i = 0; i < x.Length; i++) naive += op == SoftmaxOp.Softmax ? f[i].Hi * dy[i] : dy[i];
            for (int i = 0; i < x.Length; i++) dx[i] = op == SoftmaxOp.Softmax ? f[i].Hi * (dy[i] - naive) : dy[i] - f[i].Hi * naive;
            return;
        }
        DoubleDouble s = DoubleDouble.Zero;
        for (int i = 0; i < x.Length; i++) s += op == SoftmaxOp.Softmax ? f[i] * dy[i] : dy[i];
        for (int i = 0; i < x.Length; i++)
        {
            DoubleDouble value = op == SoftmaxOp.Softmax ? f[i] * (dy[i] - s) : dy[i] - f[i] * s;
            dx[i] = toOdd ? value.ToDoubleRoundToOdd() : value.Hi;
        }
    }

    /// <summary>
    /// m = max x, exp(x_i - m) = f_i 2^k_i, and the sum of all terms but one largest (which is exactly 1); false
    /// when PyTorch makes the row NaN. The 1 is left out because a double-double 1 + t holds t only to 53 bits
    /// when t &lt; 2^-53: summing the rest on its own keeps log1p(rest) exact for a dominant logit (measured: 6
    /// ulps of truth error at rest ~ 1e-258 otherwise). <paramref name="restPositive"/>: the exact rest is above 0
    /// (another entry is finite), even where its terms underflowed to 0.
    /// </summary>
    private static bool Exponentiate(double[] x, DoubleDouble[] f, int[] k, out double m, out DoubleDouble rest, out bool restPositive)
    {
        m = double.NegativeInfinity;
        rest = DoubleDouble.Zero;
        restPositive = false;
        int top = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i])) return false;
            if (x[i] > m)
            {
                m = x[i];
                top = i;
            }
        }
        if (!double.IsFinite(m)) return false;
        for (int i = 0; i < x.Length; i++)
        {
            f[i] = DoubleDouble.ExpReduced(Difference(x[i], m), out k[i]);
            if (i == top) continue;
            rest += DoubleDouble.ScaleB(f[i], k[i]);
            restPositive |= x[i] > double.NegativeInfinity;
        }
        return true;
    }

    /// <summary>x - m exactly; -inf stays -inf (TwoSum would give it a NaN low word).</summary>
    private static DoubleDouble Difference(double x, double m)
    {
        double hi = DoubleDouble.TwoSum(x, -m, out double lo);
        return double.IsNegativeInfinity(hi) ? new DoubleDouble(hi, 0) : new DoubleDouble(hi, lo);
    }

    /// <summary>
    /// The error of <paramref name="actual"/> in units in the last place of <paramref name="dtype"/>, against the
    /// truth rounded to that dtype (so a correctly rounded result scores 0). NaN against NaN, and equal
    /// infinities, score 0; any other pairing with a special value scores +inf.
    /// </summary>
    public static double UlpError(DType dtype, double actual, double truth)
    {
        if (double.IsNaN(actual) || double.IsNaN(truth)) return double.IsNaN(actual) && double.IsNaN(truth) ? 0 : double.PositiveInfinity;
        if (double.IsInfinity(actual) || double.IsInfinity(truth)) return actual.Equals(truth) ? 0 : double.PositiveInfinity;
        if (dtype == DType.Float32) return Ulp.Float32(actual, truth);
        // Not Ulp.Float64: it converts each ordered bit pattern (about 4.6e18) to double before subtracting, which
        // rounds the distance to a multiple of 512 ulps for values near 1e-3 (reported, not fixed here).
        return (double)Int128.Abs((Int128)Ordered(actual) - Ordered(truth));
    }

    private static long Ordered(double d)
    {
        long bits = BitConverter.DoubleToInt64Bits(d);
        return bits < 0 ? -(bits & long.MaxValue) : bits;
    }
}
