using System.Runtime.CompilerServices;
using Reference.Numerics;

namespace Reference.Accurate;

public sealed partial class AccurateKernel
{
    /// <summary>
    /// float32 softmax of one row, correctly rounded.
    /// </summary>
    /// <remarks>
    /// 1. m = max x (exact). d_i = x_i - m in double: exact unless the exponents of x_i and m lie more than 29 apart,
    ///    and then off by at most |d_i| u (u = 2^-53), which exp turns into a relative error |d_i| u.
    /// 2. e_i = exp(d_i) (DoubleExp, within 1 ulp = 2u) kept in double scratch; S = sum e_i, compensated: within about 2u.
    /// 3. q_i = e_i * (1 / S): two more u. So |q_i - y_i| &lt;= (|d_i| + 6) u q_i; <see cref="Float32Guard"/> allows more.
    /// 4. Rounding q_i to float gives the correctly rounded y_i unless a float tie lies within that bound (about
    ///    one element in 2^25); then <see cref="ExactSoftmax"/> recomputes it in double-double.
    /// </remarks>
    private static void SoftmaxForward(ReadOnlySpan<float> x, Span<float> y, Row row, double[] e)
    {
        if (!RowScan.TryMax(x, row, out double m, out _))
        {
            RowScan.FillNaN(y, row);
            return;
        }
        var sum = new CompensatedSum();
        for (int c = 0; c < row.Length; c++)
        {
            double ec = DoubleExp.Exp(Widen.ToDouble(x[row[c]]) - m);
            e[c] = ec;
            sum.Add(ec);
        }
        double inverse = 1 / sum.Value;
        DoubleDouble exactSum = default;
        for (int c = 0; c < row.Length; c++)
        {
            if (e[c] == 0)
            {
                y[row[c]] = 0; // exp(d) below 2^-1075 (or x = -inf): y is smaller still, 0 in float.
                continue;
            }
            double q = e[c] * inverse;
            double err = (Math.Abs(Widen.ToDouble(x[row[c]]) - m) + Float32Guard.ExpSoftmaxUlps) * Float32Guard.U * q;
            y[row[c]] = Float32Guard.MayMisround(q, err) ? ExactSoftmax(x, row, c, m, ref exactSum) : (float)q;
        }
    }

    /// <summary>
    /// float64 softmax of one row, within 1 ULP.
    /// </summary>
    /// <remarks>
    /// 1. m = max x; d_i = x_i - m as the exact double-double TwoSum(x_i, -m): rounding d_i in double would cost
    ///    |d_i| u relative (up to 700 ulps for outputs near underflow).
    /// 2. e_i = exp(d_i) in double-double (ExpFast, 2^-80), its high word written to y and its low word to scratch;
    ///    S = sum e_i in double-double.
    /// 3. y_i = e_i * (1 / S), relative error about 2^-79, rounded once: within 0.5 ulp + 2^-26 ulp.
    /// 4. Outputs near or below the smallest normal double lose the low word of e_i; those (rare) elements are
    ///    redone as f 2^k / S with f in [1, 2) and rounded once with <see cref="DoubleDouble.ScaleToDouble"/>.
    /// </remarks>
    private static void SoftmaxForward(ReadOnlySpan<double> x, Span<double> y, Row row, double[] low)
    {
        if (!RowScan.TryMax(x, row, out double m, out _))
        {
            RowScan.FillNaN(y, row);
            return;
        }
        DoubleDouble s = DoubleDouble.Zero;
        for (int c = 0; c < row.Length; c++)
        {
            DoubleDouble ec = DoubleDouble.ExpFast(Reduce(x[row[c]], m));
            y[row[c]] = ec.Hi;
            low[c] = ec.Lo;
            s = DoubleDouble.AddFast(s, ec);
        }
        DoubleDouble inverse = DoubleDouble.One / s;
        for (int c = 0; c < row.Length; c++)
        {
            double hi = y[row[c]];
            if (hi >= LowWordIntactBelow)
            {
                y[row[c]] = (new DoubleDouble(hi, low[c]) * inverse).Hi;
            }
            else
            {
                DoubleDouble f = DoubleDouble.ExpReduced(Reduce(x[row[c]], m), out int k);
                y[row[c]] = DoubleDouble.ScaleToDouble(f * inverse, k);
            }
        }
    }

    /// <summary>
    /// Below 2^-968 the low word of a double-double (2^-54 of the high one) starts to fall into the subnormals and
    /// lose bits; softmax outputs there take the scaled path.
    /// </summary>
    private static readonly double LowWordIntactBelow = Math.ScaleB(1, -968);

    /// <summary>x - m exactly, as a double-double; -inf when x is -inf (TwoSum would make the low word NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static DoubleDouble Reduce(double x, double m)
    {
        double hi = DoubleDouble.TwoSum(x, -m, out double lo);
        return double.IsNegativeInfinity(hi) ? new DoubleDouble(hi, 0) : new DoubleDouble(hi, lo);
    }

    /// <summary>sum over c != skip of exp(x_c - m), in double-double.</summary>
    private static DoubleDouble ExactExpSum(ReadOnlySpan<float> x, Row row, double m, int skip)
    {
        DoubleDouble s = DoubleDouble.Zero;
        for (int c = 0; c < row.Length; c++)
        {
            if (c != skip) s = DoubleDouble.AddFast(s, DoubleDouble.Exp(Reduce(x[row[c]], m)));
        }
        return s;
    }

    /// <summary>
    /// y_c = exp(x_c - m) / S in double-double, rounded once to float: for the rare element whose rounding the
    /// double computation cannot decide. S is computed on the first call and kept in <paramref name="exactSum"/>.
    /// Not inlined, so that the hot loop calling it keeps its registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float ExactSoftmax(ReadOnlySpan<float> x, Row row, int c, double m, ref DoubleDouble exactSum)
    {
        if (exactSum.Hi == 0) exactSum = ExactExpSum(x, row, m, skip: -1);
        return (DoubleDouble.Exp(Reduce(x[row[c]], m)) / exactSum).ToSingle();
    }
}
