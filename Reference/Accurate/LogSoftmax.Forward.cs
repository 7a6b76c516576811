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
    /// 7. When every other term lies more than about 745 below the maximum, exp underflows even in double-double and
    ///    the computed s' (and L) is 0, yet L &gt; 0 whenever a second entry of the row is finite. The sign decides a
    ///    tie: d_i = x_i - m is a multiple of 2^-149 (a difference of floats), so a float midpoint d_i (a multiple of
    ///    2^-150) must round toward -inf, not to even. Such a row's L lies in (0, 2^-1043) (at most 2^31 terms below
    ///    2^-1074), and for every t in (0, 2^-150) d_i - t rounds to the same float as d_i - L: the open interval
    ///    (d_i - 2^-150, d_i) holds no float and no float midpoint. So the sum keeps a sticky bit
    ///    (<see cref="StickyRest"/>): an underflowed s' of such a row becomes 2^-1074, L = log1p(2^-1074) = 2^-1074,
    ///    and y_i = d_i - 2^-1074 is rounded with the right sign: y_a = -0, and Ziv's test sends the midpoints to
    ///    the double-double pass, which subtracts the same 2^-1074 (rounding to odd keeps it).
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
        bool finite = false;
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            if (c == argMax) continue;
            finite |= x[i] != float.NegativeInfinity;
            rest.Add(DoubleExp.Exp(Widen.ToDouble(x[i]) - m));
        }
        return StickyRest(rest.Value, finite);
    }

    /// <summary>
    /// Step 7's sticky bit: s' when it is positive or no other entry of the row is finite (s' is then exactly 0);
    /// otherwise the true s' is positive but below the double range, and 2^-1074, the smallest positive double,
    /// stands in for it. It rounds every log_softmax output as the true s' would (step 7), and keeps L's sign.
    /// </summary>
    internal static double StickyRest(double rest, bool otherFinite) => rest == 0 && otherFinite ? double.Epsilon : rest;

    /// <summary>
    /// The second half of the float32 log_softmax for the rare row where Ziv's test failed somewhere: L again in
    /// double-double (log1p of the exact s'), and each undecided element as (x_c - m) - L, rounded once to float.
    /// Out of line, so that the loop before it keeps its registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RedoUndecidedLogSoftmax(ReadOnlySpan<float> x, Span<float> y, Row row, double m, int argMax, double logSum, long rowUlps)
    {
        DoubleDouble exactLogSum = DoubleDouble.Log1p(ExactExpSum(x, row, m, skip: argMax));
        // Step 7: an underflowed L of a row with other finite entries is the sticky 2^-1074 here too.
        if (exactLogSum.Hi == 0) exactLogSum = new DoubleDouble(logSum, 0);
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
    /// </summary>
    /// <remarks>
    /// 1. d_i = TwoSum(x_i, -m), exact; s' = sum over j != a of exp(d_j) (ExpFast, 2^-80 per term) and
    ///    L = log1p(s') in double-double: L within about 2^-79 relative.
    /// 2. r_i = d_i - L in double-double: within 2^-79 |L| + 2^-105 |r_i| of y_i, below 2^-78 |y_i| because
    ///    |y_i| = |d_i| + L &gt;= L (d_i &lt;= 0 &lt;= L). y_i = RN(r_i) is then within 1/2 + 2^-25 ulp of the exact
    ///    value: never more than 1 ULP from the correctly rounded result, and equal to it unless the exact value lies
    ///    within 2^-25 ulp of a double midpoint.
    /// 3. L &gt; 0 whenever another entry is finite, but below the double-double's reach (the other terms more than
    ///    about 745 below the maximum: exp underflows to 0; or L far below ulp(d_i.Lo)) it drops out of r_i
    ///    entirely. If d_i is then a double midpoint (its low word half an ulp of its high word: x_i and m far apart
    ///    in magnitude) r_i is one too, and RN rounds it to even, while y_i = d_i - L lies below it. So a midpoint
    ///    r_i is rounded toward -inf (<see cref="RoundBelowTies"/>): correct whenever L dropped out; otherwise r_i
    ///    is a midpoint only if the exact value is within the 2^-78 of step 2 of one, where either neighbour is
    ///    within 1 ULP. A sum that underflowed in a row with another finite entry (a sticky bit, not a number: 2^-1074
    ///    would move the outputs of size near 2^-1022 by an ulp) also turns y_a = -L into -0, the nearest double to
    ///    it when every term is below 2^-1075 (with several such terms -L may round to -2^-1074: 1 ULP).
    /// </remarks>
    private static void LogSoftmaxForward(ReadOnlySpan<double> x, Span<double> y, Row row)
    {
        if (!RowScan.TryMax(x, row, out double m, out int argMax))
        {
            RowScan.FillNaN(y, row);
            return;
        }
        DoubleDouble logSum = DoubleDouble.Log1p(ExpSum(x, row, m, skip: argMax, out bool sticky));
        for (int c = 0; c < row.Length; c++)
        {
            DoubleDouble d = Reduce(x[row[c]], m);
            if (double.IsNegativeInfinity(d.Hi)) y[row[c]] = double.NegativeInfinity;
            else if (sticky && d.Hi == 0) y[row[c]] = -0.0;
            else y[row[c]] = RoundBelowTies(d - logSum);
        }
    }

    /// <summary>
    /// r rounded to the nearest double, a midpoint toward -inf (step 3 of the float64 log_softmax): the exact value
    /// lies below r when the positive L dropped out of it.
    /// </summary>
    internal static double RoundBelowTies(DoubleDouble r)
    {
        if (r.Lo == 0 || !double.IsFinite(r.Hi)) return r.Hi;
        double neighbour = r.Lo < 0 ? Math.BitDecrement(r.Hi) : Math.BitIncrement(r.Hi);
        if (r.Lo != (neighbour - r.Hi) / 2) return r.Hi;
        return Math.Min(r.Hi, neighbour);
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
    /// <remarks><paramref name="sticky"/>: the sum underflowed to 0 though another entry is finite (the true sum is positive).</remarks>
    private static DoubleDouble ExpSum(ReadOnlySpan<double> x, Row row, double m, int skip, out bool sticky)
    {
        DoubleDouble s = DoubleDouble.Zero;
        bool finite = false;
        for (int c = 0; c < row.Length; c++)
        {
            if (c == skip) continue;
            finite |= x[row[c]] != double.NegativeInfinity;
            s = DoubleDouble.AddFast(s, DoubleDouble.ExpFast(Reduce(x[row[c]], m)));
        }
        sticky = s.Hi == 0 && finite;
        return s;
    }
}
