using System.Runtime.CompilerServices;
using Reference.Numerics;

namespace Reference.Accurate;

public sealed partial class AccurateKernel
{
    /// <summary>
    /// float32 log_softmax of one row, correctly rounded.
    /// </summary>
    /// <remarks>
    /// Relative errors below are in units of u = 2^-53.
    /// 1. m = max x at index a. Every y_i = d_i - L with d_i = x_i - m and L = log sum_j exp(d_j).
    /// 2. The sum is 1 + s', s' = sum over j != a of exp(d_j): exactly 1 for the largest term. L = log1p(s'),
    ///    computed with Goldberg's trick, keeps its relative accuracy when s' is tiny (a dominant logit), where
    ///    log(1 + s') would lose all of it: y_a = -L is then small and needs it.
    /// 3. s' comes from the sum of all the terms, two at a time (<see cref="DominatedSum.Rest"/>: within
    ///    u s' + u (1 + s') + 39 (n u)^2 s' when s' &gt;= 1/4; its exp, <see cref="DoubleExp.ExpNonPositive(double)"/>,
    ///    gives exp(-708) for smaller d and -inf, which adds below 2^-1000 per element). Below 1/4 (a dominant
    ///    logit) the row is summed again without its largest term and with exp(-inf) = 0 exactly
    ///    (<see cref="RestApart"/>, within about u s'), because the first sum's error, about u relative to 3 + s',
    ///    would be large next to a small s'.
    /// 4. L is then within (17.9 + ln C) u relative: the sum u (its u s', as s' &lt;= (1 + s') L) and 4.5u (the
    ///    pairs' u (1 + s'), divided by (1 + s') L with L &gt;= ln 1.25), exp 2.1u, Goldberg's log1p 5u plus the libm
    ///    log 2u, the rounding of the d_j weighted as for softmax (ln C + 0.3) u, and 3u to spare.
    /// 5. Error of q_i = d_i - L: |d_i| u (rounding d_i) + (17.9 + ln C) u L + u |q_i| (the subtraction). As
    ///    d_i &lt;= 0 &lt;= L, |q_i| = |d_i| + L is at least |d_i| and L, so the error is below (19.9 + ln C) u |q_i|:
    ///    fewer double ulps of q_i than that, whatever the element (<see cref="Float32Guard.LogSoftmaxUlps"/>,
    ///    <see cref="Float32Guard.LnBound"/>).
    /// 6. Ziv's test decides, as for softmax; <see cref="RedoUndecidedLogSoftmax"/> redoes the rare undecided
    ///    elements with L in double-double. x_i = -inf gives q_i = -inf, which the test decides. When
    ///    L &gt;= 2^-126 every |q_i| &gt;= L lies in float's normal range, and the test skips its branch for
    ///    subnormals (<see cref="Float32Guard.MayMisroundNormal"/>: 6% of the whole pass); the second loop is for
    ///    rows whose largest logit leads the next by more than about 87.
    /// </remarks>
    private static void LogSoftmaxForward(ReadOnlySpan<float> x, Span<float> y, Row row)
    {
        if (!RowScan.TryMax(x, row, out double m, out int argMax))
        {
            RowScan.FillNaN(y, row);
            return;
        }
        var sum = new DominatedSum();
        (int length, int stride) = row;
        double max = m; // m itself is an out argument's home, on the stack: a copy can live in a register
        ref DoubleDouble table = ref DoubleExp.Table;
        int term = 0, at = 0;
        for (; term + 1 < length; term += 2, at += 2 * stride)
        {
            double first = DoubleExp.ExpNonPositive(Widen.ToDouble(x[at]) - max, ref table);
            double second = DoubleExp.ExpNonPositive(Widen.ToDouble(x[at + stride]) - max, ref table);
            sum.Add(first, second);
        }
        if (term < length) sum.Add(DoubleExp.ExpNonPositive(Widen.ToDouble(x[at]) - max, ref table));
        double rest = sum.Rest;
        if (rest < 0.25) rest = RestApart(x, row, m, argMax);
        double logSum = Log1p(rest);
        long rowUlps = Float32Guard.LogSoftmaxUlps + Float32Guard.LnBound(row.Length);
        bool undecided = false;
        if (logSum >= Float32Guard.SmallestNormalFloatValue)
        {
            for (int c = 0, i = 0; c < length; c++, i += stride)
            {
                double q = (Widen.ToDouble(x[i]) - max) - logSum;
                y[i] = (float)q;
                undecided |= Float32Guard.MayMisroundNormal(q, rowUlps);
            }
        }
        else
        {
            for (int c = 0, i = 0; c < length; c++, i += stride)
            {
                double q = (Widen.ToDouble(x[i]) - max) - logSum;
                y[i] = (float)q;
                undecided |= Float32Guard.MayMisround(q, rowUlps);
            }
        }
        if (undecided) RedoUndecidedLogSoftmax(x, y, row, m, argMax, logSum, rowUlps);
    }

    /// <summary>s' = sum over c != argMax of exp(x_c - m), compensated (TwoSum): for rows with a dominant logit.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double RestApart(ReadOnlySpan<float> x, Row row, double m, int argMax)
    {
        var rest = new CompensatedSum();
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            if (c != argMax) rest.Add(DoubleExp.Exp(Widen.ToDouble(x[i]) - m));
        }
        return rest.Value;
    }

    /// <summary>
    /// The second half of the float32 log_softmax for the rare row where Ziv's test failed somewhere: L again in
    /// double-double (log1p of the exact s'), and each undecided element as (x_c - m) - L, rounded once to float.
    /// Out of line, so that the loop before it keeps its registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RedoUndecidedLogSoftmax(ReadOnlySpan<float> x, Span<float> y, Row row, double m, int argMax, double logSum, long rowUlps)
    {
        DoubleDouble exactLogSum = DoubleDouble.Log1p(ExactExpSum(x, row, m, skip: argMax));
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            double q = (Widen.ToDouble(x[i]) - m) - logSum;
            if (Float32Guard.MayMisround(q, rowUlps)) y[i] = (Reduce(x[i], m) - exactLogSum).ToSingle();
        }
    }

    /// <summary>sum over c != skip of exp(x_c - m), in double-double.</summary>
    private static DoubleDouble ExactExpSum(ReadOnlySpan<float> x, Row row, double m, int skip)
    {
        DoubleDouble s = DoubleDouble.Zero;
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            if (c != skip) s = DoubleDouble.AddFast(s, DoubleDouble.Exp(Reduce(x[i], m)));
        }
        return s;
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
