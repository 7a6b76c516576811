using System.Runtime.CompilerServices;
using Reference.Numerics;

namespace Reference.Accurate;

public sealed partial class AccurateKernel
{
    /// <summary>
    /// float32 log_softmax of one row, correctly rounded.
    /// </summary>
    /// <remarks>
    /// 1. m = max x at index a. Every y_i = d_i - L with d_i = x_i - m and L = log sum_j exp(d_j).
    /// 2. The sum is 1 + s', s' = sum over j != a of exp(d_j): exactly 1 for the largest term. L = log1p(s'),
    ///    computed with Goldberg's trick, keeps its relative accuracy when s' is tiny (a dominant logit), where
    ///    log(1 + s') would lose all of it: y_a = -L is then small and needs it.
    /// 3. Error of y_i = d_i - L: |d_i| u (rounding d_i) + 32 u L (see <see cref="Float32Guard.LogSumUlps"/>) +
    ///    u |y_i| (the subtraction). Ziv's test decides, as for softmax; the fallback redoes L in double-double.
    /// </remarks>
    private static void LogSoftmaxForward(ReadOnlySpan<float> x, Span<float> y, Row row)
    {
        if (!RowScan.TryMax(x, row, out double m, out int argMax))
        {
            RowScan.FillNaN(y, row);
            return;
        }
        var rest = new CompensatedSum();
        for (int c = 0; c < row.Length; c++)
        {
            if (c != argMax) rest.Add(DoubleExp.Exp(Widen.ToDouble(x[row[c]]) - m));
        }
        double logSum = Log1p(rest.Value);
        DoubleDouble? exactLogSum = null;
        for (int c = 0; c < row.Length; c++)
        {
            float xc = x[row[c]];
            if (float.IsNegativeInfinity(xc))
            {
                y[row[c]] = float.NegativeInfinity;
                continue;
            }
            double d = Widen.ToDouble(xc) - m;
            double q = d - logSum;
            double err = (Math.Abs(d) + Float32Guard.LogSumUlps * logSum + 2 * Math.Abs(q)) * Float32Guard.U;
            y[row[c]] = Float32Guard.MayMisround(q, err) ? ExactLogSoftmax(x, row, c, m, argMax, ref exactLogSum) : (float)q;
        }
    }

    /// <summary>
    /// y_c = (x_c - m) - log1p(s') in double-double, rounded once to float: for the rare element whose rounding the
    /// double computation cannot decide. log1p(s') is computed on the first call and kept in <paramref name="exactLogSum"/>.
    /// Not inlined, so that the hot loop calling it keeps its registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float ExactLogSoftmax(ReadOnlySpan<float> x, Row row, int c, double m, int argMax, ref DoubleDouble? exactLogSum)
    {
        exactLogSum ??= DoubleDouble.Log1p(ExactExpSum(x, row, m, skip: argMax));
        return (Reduce(x[row[c]], m) - exactLogSum.Value).ToSingle();
    }

    /// <summary>
    /// float64 log_softmax of one row, within 1 ULP: the float32 derivation with every step in double-double.
    /// d_i = TwoSum(x_i, -m) exactly, s' and L = log1p(s') in double-double, y_i = d_i - L rounded once.
    /// </summary>
    private static void LogSoftmaxForward(ReadOnlySpan<double> x, Span<double> y, Row row)
    {
        if (!RowScan.TryMax(x, row, out double m, out int argMax))
        {
            RowScan.FillNaN(y, row);
            return;
        }
        DoubleDouble logSum = DoubleDouble.Log1p(ExpSum(x, row, m, skip: argMax));
        for (int c = 0; c < row.Length; c++)
        {
            DoubleDouble d = Reduce(x[row[c]], m);
            y[row[c]] = double.IsNegativeInfinity(d.Hi) ? double.NegativeInfinity : (d - logSum).Hi;
        }
    }

    /// <summary>
    /// log(1 + s) in double for s &gt;= 0, accurate relative to the result (Goldberg, "What every computer scientist
    /// should know about floating-point arithmetic", 1991, Theorem 4): u = fl(1 + s) loses the low bits of s, but
    /// log(u) / (u - 1) varies slowly, so log(u) * s / (u - 1) puts them back. Error within 5 u plus the libm log's.
    /// </summary>
    private static double Log1p(double s)
    {
        double u = 1 + s;
        return u == 1 ? s : Math.Log(u) * s / (u - 1);
    }

    /// <summary>sum over c != skip of exp(x_c - m), in double-double (ExpFast: 2^-80 per term).</summary>
    private static DoubleDouble ExpSum(ReadOnlySpan<double> x, Row row, double m, int skip)
    {
        DoubleDouble s = DoubleDouble.Zero;
        for (int c = 0; c < row.Length; c++)
        {
            if (c != skip) s = DoubleDouble.AddFast(s, DoubleDouble.ExpFast(Reduce(x[row[c]], m)));
        }
        return s;
    }
}
