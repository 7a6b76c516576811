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
        Scales(c, scales);
        return scales;
    }

    /// <summary>
    /// <see cref="Scales(Case)"/> written into the first <see cref="Case.Count"/> elements of <paramref name="scales"/>,
    /// without allocating: the comparer calls it for every case that differs from torch at all. Each row is read in
    /// place (stride <see cref="RowLayout.Inner"/>), and exp(x_i - m) is computed once: it is parked in scales_i, summed,
    /// and then replaced by the scale, which reads y_i = exp(x_i - m) / S from it.
    /// </summary>
    public static void Scales(Case c, Span<double> scales)
    {
        if (scales.Length < c.Count) throw new ArgumentException($"The buffer has {scales.Length} elements; the case has {c.Count}.", nameof(scales));
        if (c.Count == 0) return;
        RowLayout layout = c.Layout;
        int n = layout.Length, stride = layout.Inner;
        double log2C = n > 1 ? Math.Log2(n) : 0;
        // Backward: a forward output near underflow is off by up to one subnormal step (tiny) in absolute terms,
        // and the backward multiplies it by dy_i - s or by S = sum dy, both at most |dy_i| + sum_j |dy_j|. In
        // units of eps (the bound is k (eps scale + tiny)), that adds (tiny / eps) (|dy_i| + sum_j |dy_j|).
        double underflow = Tiny(c.DType) / Epsilon(c.DType);
        double[] x = c.X;
        double[] dy = c.Dy ?? [];
        var row = new RowCursor(layout);
        for (int r = 0; r < layout.Rows; r++, row.MoveNext())
        {
            int start = row.Start, end = start + n * stride;
            double m = double.NegativeInfinity;
            for (int i = start; i < end; i += stride) if (x[i] > m) m = x[i];
            double sum = 0;
            for (int i = start; i < end; i += stride)
            {
                double e = Math.Exp(x[i] - m);
                scales[i] = e;
                sum += e;
            }
            switch (c.Op, c.Pass)
            {
                case (SoftmaxOp.Softmax, Pass.Forward):
                {
                    for (int i = start; i < end; i += stride) scales[i] = scales[i] / sum * (1 + Reduce(x[i], m) + log2C);
                    break;
                }
                case (SoftmaxOp.LogSoftmax, Pass.Forward):
                {
                    double logS = Math.Log(sum);
                    for (int i = start; i < end; i += stride) scales[i] = Reduce(x[i], m) + Math.Abs(logS) + 1 + log2C;
                    break;
                }
                case (SoftmaxOp.Softmax, Pass.Backward):
                {
                    // r_max = max |x_j - m| over finite x_j; s carries the errors of all y_j: sum_j y_j |dy_j|.
                    double rMax = 0, weighted = 0, absDy = 0;
                    for (int i = start; i < end; i += stride)
                    {
                        if (double.IsFinite(x[i])) rMax = Math.Max(rMax, Math.Abs(x[i] - m));
                        weighted += scales[i] / sum * Math.Abs(dy[i]);
                        absDy += Math.Abs(dy[i]);
                    }
                    for (int i = start; i < end; i += stride)
                    {
                        scales[i] = scales[i] / sum * (Math.Abs(dy[i]) + weighted) * (1 + rMax + log2C) + underflow * (Math.Abs(dy[i]) + absDy);
                    }
                    break;
                }
                default:
                {
                    double absDy = 0;
                    for (int i = start; i < end; i += stride) absDy += Math.Abs(dy[i]);
                    for (int i = start; i < end; i += stride)
                    {
                        scales[i] = Math.Abs(dy[i]) + scales[i] / sum * absDy * (1 + Reduce(x[i], m) + log2C) + underflow * absDy;
                    }
                    break;
                }
            }
        }
    }

    // |x_i - m|, the exponent's rounding error in units of eps; 0 where either side is infinite or NaN.
    private static double Reduce(double x, double m) => double.IsFinite(x) && double.IsFinite(m) ? Math.Abs(x - m) : 0;

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
