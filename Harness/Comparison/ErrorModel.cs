using Harness.Cases;
using Reference;

namespace Harness.Comparison;

/// <summary>
/// The conditioning-aware error bound of the <see cref="ToleranceMode.Model"/> tolerance: element i may be off by
/// k * eps * scale_i + k * tiny, where eps is the dtype's machine epsilon (2^-23, 2^-52), tiny its smallest
/// subnormal (an output near underflow has an absolute, not relative, rounding error), and scale_i comes from a
/// first-order error analysis of the op:
/// <list type="number">
/// <item>softmax forward. Rounding x_i - m is an absolute error of about eps |x_i - m| in the exponent, which exp
///   turns into a relative error of the same size in y_i; the sum of C terms adds about eps log2 C relative error
///   (pairwise summation), the division one more eps. So scale_i = |y_i| (1 + |x_i - m| + log2 C).</item>
/// <item>log_softmax forward. y_i = (x_i - m) - log S is a difference: its error is absolute, about
///   eps (|x_i - m| + |log S| + 1 + log2 C), however small y_i is. So scale_i = |x_i - m| + |log S| + 1 + log2 C.</item>
/// <item>softmax backward, dx_i = y_i (dy_i - s), s = sum_j y_j dy_j. The relative error of y_i carries through
///   y_i dy_i; s carries the errors of all y_j; the difference dy_i - s can cancel, so the bound is on its operands:
///   scale_i = y_i (|dy_i| + sum_j y_j |dy_j|) (1 + r_max + log2 C), r_max = max_j |x_j - m| over finite x_j.</item>
/// <item>log_softmax backward, dx_i = dy_i - p_i S, S = sum_j dy_j, p_i = exp(y_i): scale_i = |dy_i| +
///   p_i sum_j |dy_j| (1 + |x_i - m| + log2 C).</item>
/// </list>
/// The constant k is fitted by `tune` from measured errors; this class gives only the shape of the bound.
/// </summary>
public static class ErrorModel
{
    public static double Epsilon(DType dtype) => dtype == DType.Float32 ? Math.ScaleB(1, -23) : Math.ScaleB(1, -52);

    public static double Tiny(DType dtype) => dtype == DType.Float32 ? float.Epsilon : double.Epsilon;

    /// <summary>scale_i for every element of the case (NaN where the element is non-finite by semantics).</summary>
    public static double[] Scales(Case c)
    {
        var scales = new double[c.Count];
        if (c.Count == 0) return scales;
        RowLayout layout = c.Layout;
        int n = layout.Length;
        double log2C = n > 1 ? Math.Log2(n) : 0;
        var x = new double[n];
        var y = new double[n];
        var dy = new double[n];
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            for (int k = 0; k < n; k++)
            {
                x[k] = c.X[start + k * layout.Inner];
                dy[k] = c.Dy is null ? 0 : c.Dy[start + k * layout.Inner];
            }
            double m = double.NegativeInfinity;
            foreach (double v in x) if (v > m) m = v;
            double sum = 0;
            foreach (double v in x) sum += Math.Exp(v - m);
            double logS = Math.Log(sum);
            double rMax = 0;
            for (int k = 0; k < n; k++)
            {
                y[k] = Math.Exp(x[k] - m) / sum;
                if (double.IsFinite(x[k])) rMax = Math.Max(rMax, Math.Abs(x[k] - m));
            }
            double weighted = 0, absDy = 0;
            for (int k = 0; k < n; k++)
            {
                weighted += y[k] * Math.Abs(dy[k]);
                absDy += Math.Abs(dy[k]);
            }
            // Backward: a forward output near underflow is off by up to one subnormal step (tiny) in absolute terms,
            // and the backward multiplies it by dy_i - s or by S = sum dy, both at most |dy_i| + sum_j |dy_j|. In
            // units of eps (the bound is k (eps scale + tiny)), that adds (tiny / eps) (|dy_i| + sum_j |dy_j|).
            double underflow = Tiny(c.DType) / Epsilon(c.DType);
            for (int k = 0; k < n; k++)
            {
                double reduce = double.IsFinite(x[k]) && double.IsFinite(m) ? Math.Abs(x[k] - m) : 0;
                scales[start + k * layout.Inner] = (c.Op, c.Pass) switch
                {
                    (SoftmaxOp.Softmax, Pass.Forward) => y[k] * (1 + reduce + log2C),
                    (SoftmaxOp.LogSoftmax, Pass.Forward) => reduce + Math.Abs(logS) + 1 + log2C,
                    (SoftmaxOp.Softmax, Pass.Backward) => y[k] * (Math.Abs(dy[k]) + weighted) * (1 + rMax + log2C) + underflow * (Math.Abs(dy[k]) + absDy),
                    _ => Math.Abs(dy[k]) + y[k] * absDy * (1 + reduce + log2C) + underflow * absDy,
                };
            }
        }
        return scales;
    }

    /// <summary>
    /// The smallest k for which the model tolerance passes this pair of outputs: max_i |a_i - e_i| / (eps scale_i + tiny)
    /// over finite pairs (+inf when special values differ: no k helps). `tune` fits k from these.
    /// </summary>
    public static double RequiredK(Case c, double[] expected, double[] actual)
    {
        double[] scales = Scales(c);
        double eps = Epsilon(c.DType), tiny = Tiny(c.DType), k = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (!double.IsFinite(e) || !double.IsFinite(a))
            {
                bool same = (double.IsNaN(e) && double.IsNaN(a)) || e.Equals(a);
                if (!same) return double.PositiveInfinity;
                continue;
            }
            // NaN: no bound applies (0); +inf: |x - m| overflowed (x spans +-MaxValue), any finite error is within it.
            double scale = double.IsNaN(scales[i]) ? 0 : scales[i];
            k = Math.Max(k, Math.Abs(a - e) / (eps * scale + tiny));
        }
        return k;
    }
}
