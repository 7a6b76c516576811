using System.Runtime.CompilerServices;
using Reference.Numerics;

namespace Reference.Accurate;

public sealed partial class AccurateKernel
{
    /// <summary>
    /// float32 softmax of one row, correctly rounded.
    /// </summary>
    /// <remarks>
    /// Relative errors below are in units of u = 2^-53, the unit roundoff of double.
    /// 1. m = max x (exact). d_i = x_i - m in double: exact unless the exponents of x_i and m lie more than 29 apart,
    ///    and then off by at most |d_i| u, which exp turns into a relative error of |d_i| u.
    /// 2. e_i = exp(d_i) (<see cref="DoubleExp.ExpNonPositive(double)"/>, within 2.1u) kept in double scratch;
    ///    S = sum e_i by <see cref="DominatedSum"/>, two terms at a time: within about 2u of the sum of the e_i.
    ///    Against the exact sum, S also carries the e_i's errors: 2.1u from exp, and from the rounding of d the mean
    ///    of |d_j| u weighted by e_j, which is at most (ln C + 0.3) u (sum_j e_j |d_j| = sum_j e_j ln(1/e_j) is
    ///    concave in the e_j, largest when they are equal; one of them is exp(0) = 1).
    /// 3. q_i = e_i * (1 / S): the error of S, and two roundings. So q_i is within (|d_i| + ln C + 8.4) u of y_i,
    ///    relative, which is fewer double ulps than that. ln C is bounded by C's bit length, and |d_i|, for every
    ///    output not certainly 0, by 151 ln 2: one bound for the whole row (<see cref="Float32Guard.SoftmaxRowUlps"/>).
    /// 4. Rounding q_i to float gives the correctly rounded y_i unless a float tie lies within that bound (about
    ///    one element in 2^21); <see cref="RedoUndecidedSoftmax"/> then tries tighter bounds, and recomputes in
    ///    double-double what they leave undecided.
    /// 5. Below d_i = -708 (x_i = -inf included) ExpNonPositive gives exp(-708) instead: it vanishes in S, and q_i,
    ///    below 2^-1000, rounds to a float 0, as y_i does (the same test decides it).
    /// </remarks>
    private static void SoftmaxForward(ReadOnlySpan<float> x, Span<float> y, Row row, double[] scratch)
    {
        if (!RowScan.TryMax(x, row, out double m, out _))
        {
            RowScan.FillNaN(y, row);
            return;
        }
        Span<double> e = scratch.AsSpan(0, row.Length);
        double inverse = 1 / ExpTerms(x, row.Stride, m, e);
        if (RoundQuotients(e, inverse, y, row.Stride, Float32Guard.SoftmaxRowUlps(e.Length))) RedoUndecidedSoftmax(x, y, row, e, inverse, m);
    }

    /// <summary>Step 2: e_i = exp(x_i - m) into <paramref name="e"/>; returns S, their sum.</summary>
    /// <remarks>
    /// This step and the next are methods of their own, each a loop and its inputs, so that the JIT keeps m,
    /// 1 / S and the loop's spans in registers (with a call after the loop, it had kept them on the stack). The
    /// terms go into the sum two at a time (<see cref="DominatedSum.Add(double, double)"/>: 7% of the whole kernel).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ExpTerms(ReadOnlySpan<float> x, int stride, double m, Span<double> e)
    {
        var sum = new DominatedSum();
        ref DoubleDouble table = ref DoubleExp.Table;
        int c = 0, i = 0;
        for (; c + 1 < e.Length; c += 2, i += 2 * stride)
        {
            double first = DoubleExp.ExpNonPositive(Widen.ToDouble(x[i]) - m, ref table);
            double second = DoubleExp.ExpNonPositive(Widen.ToDouble(x[i + stride]) - m, ref table);
            e[c] = first;
            e[c + 1] = second;
            sum.Add(first, second);
        }
        if (c < e.Length)
        {
            e[c] = DoubleExp.ExpNonPositive(Widen.ToDouble(x[i]) - m, ref table);
            sum.Add(e[c]);
        }
        return sum.Value;
    }

    /// <summary>
    /// Steps 3 and 4: y_i = e_i * (1 / S) rounded to float, with a row-wide Ziv test (the bound of step 3 at the
    /// largest |d_i| an output not certainly 0 can have, <see cref="Float32Guard.SoftmaxRowUlps"/>). True when
    /// some element failed it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool RoundQuotients(ReadOnlySpan<double> e, double inverse, Span<float> y, int stride, long rowUlps)
    {
        bool undecided = false;
        for (int c = 0, i = 0; c < e.Length; c++, i += stride)
        {
            double q = e[c] * inverse;
            y[i] = (float)q;
            undecided |= Float32Guard.MayMisround(q, rowUlps);
        }
        return undecided;
    }

    /// <summary>
    /// The second half of the float32 softmax for the rare row where the row-wide Ziv test failed somewhere. Each
    /// such element is looked at more closely, twice: first with its own bound (|d_i| from e_i's exponent,
    /// <see cref="Float32Guard.MinusDBound"/>, instead of the row's largest); then, when every x_j - m of the row is
    /// exact in double (no two exponents 29 or more apart: the usual case), with the bound that loses its terms for
    /// the rounding of d (|d_i| and ln C), <see cref="Float32Guard.SoftmaxUlps"/> alone. What is still undecided is
    /// recomputed as exp(x_c - m) / S in double-double and rounded once to float. S is summed once per row, with
    /// <see cref="DoubleDouble.ExpFast"/> (2^-80 per term, three times as fast as the full exp: on 50,257-wide rows
    /// this sum is most of what an undecided element costs): an output within about 2^-78 of a float tie, one
    /// element in 2^54, could still round the wrong way.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RedoUndecidedSoftmax(ReadOnlySpan<float> x, Span<float> y, Row row, ReadOnlySpan<double> e, double inverse, double m)
    {
        long rowUlps = Float32Guard.SoftmaxRowUlps(e.Length), lnUlps = Float32Guard.SoftmaxUlps + Float32Guard.LnBound(e.Length);
        bool? exactDifferences = null;
        DoubleDouble exactSum = DoubleDouble.Zero;
        for (int c = 0, i = 0; c < e.Length; c++, i += row.Stride)
        {
            double q = e[c] * inverse;
            if (!Float32Guard.MayMisround(q, rowUlps)) continue;
            if (!Float32Guard.MayMisround(q, lnUlps + Float32Guard.MinusDBound(e[c]))) continue;
            exactDifferences ??= DifferencesAreExact(x, row, m);
            if (exactDifferences.Value && !Float32Guard.MayMisround(q, Float32Guard.SoftmaxUlps)) continue;
            if (exactSum.Hi == 0)
            {
                for (int k = 0, j = 0; k < e.Length; k++, j += row.Stride) exactSum = DoubleDouble.AddFast(exactSum, DoubleDouble.ExpFast(Reduce(x[j], m)));
            }
            y[i] = (DoubleDouble.Exp(Reduce(x[i], m)) / exactSum).ToSingle();
        }
    }

    /// <summary>Whether x_j - m is exact in double for every j of the row (-inf counts as exact: its term is 0).</summary>
    internal static bool DifferencesAreExact(ReadOnlySpan<float> x, Row row, double m)
    {
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            double d = DoubleDouble.TwoSum(Widen.ToDouble(x[i]), -m, out double error);
            if (error != 0 && !double.IsNegativeInfinity(d)) return false;
        }
        return true;
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
}
