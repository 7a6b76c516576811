using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

internal static partial class ContiguousRows
{
    /// <summary>dx from y and dy for one row: softmax dx = y (dy - s) with s the y-weighted mean of dy; log_softmax
    /// dx = dy - exp(y) sum dy. float64 rows and float32 softmax rows take their sums error-free, and s or the sum as
    /// a double-double (see <see cref="GradientSum{TLanes, TVector, TElement, TSoftmax}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement y, ref TElement dy, ref TElement dx, int length)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (op == SoftmaxOp.Softmax) Backward<TLanes, TVector, TElement, Yes>(ref y, ref dy, ref dx, length);
        else Backward<TLanes, TVector, TElement, No>(ref y, ref dy, ref dx, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, int length)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        var sum = default(RowSum);
        int i = GradientSum<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, length, 0, ref sum);
        GradientSum<ScalarLanes, double, TElement, TSoftmax>(ref y, ref dy, length, i, ref sum);
        (double s, double low) = GradientShift<TSoftmax>(sum);
        i = GradientOutput<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, ref dx, length, 0, s, low);
        GradientOutput<ScalarLanes, double, TElement, TSoftmax>(ref y, ref dy, ref dx, length, i, s, low);
    }

    /// <summary>What a row's output pass takes from its sums, as a double-double (float32 log_softmax rows use the
    /// high word only): softmax's s, or log_softmax's sum of dy.</summary>
    /// <remarks>
    /// Softmax's backward takes s = sum y dy / sum y, the y-weighted mean of dy, instead of sum y dy alone (the two
    /// agree when the y sum to 1). With y rounded to the dtype they do not, and a dominant output's own rounding,
    /// carried in sum y dy, stayed in dy_i - s: dx_i = y_i (dy_i - s) cancels there, and it was 6 float32 ULP of the
    /// row's largest |dx| (a 1-ULP forward output carried into dx, issue #20). In the weighted mean y_i's error
    /// cancels: both sums hold it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double High, double Low) GradientShift<TSoftmax>(in RowSum sum) where TSoftmax : IFlag =>
        TSoftmax.Value ? sum.WeightedMeanParts : (sum.Total, sum.TotalLow);

    /// <summary>sum y dy and sum y (softmax) or sum dy (log_softmax), error-free
    /// (<see cref="ExactGradientSum{TLanes, TVector, TElement, TSoftmax}"/>) or in plain double lanes.</summary>
    /// <remarks>
    /// Which rows take the error-free sums: float64 rows, and softmax's float32 rows. Softmax's dx_i = y_i (dy_i - s)
    /// cancels wherever dy_i is close to s, so the error of s has to be small next to dx, not next to s: with a
    /// dominant output (dx about 1e-11, s about dy_0), even a double's rounding of s is 10^5 float32 ULP of dx.
    /// float32 log_softmax's sum of dy stays plain (<see cref="PlainLaneSums{TElement}"/>): dx = dy - exp(y) sum dy
    /// does not cancel below what a float keeps unless dy_i agrees with exp(y_i) sum dy to 29 bits. The same test
    /// stands in OverlappedGradientSum and InterleavedRows.Backward, written out in each: the JIT folds typeof tests
    /// as it reads a method, before it spends its inlining budget on both branches (through a helper it did not, and
    /// left the float32 log_softmax output pass's exp as calls: 10x slower).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GradientSum<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, int length, int i, ref RowSum sum)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        // the rows with error-free sums, the test written out (see the remarks)
        if (typeof(TElement) == typeof(double) || typeof(TSoftmax) == typeof(Yes)) return ExactGradientSum<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, length, i, ref sum);
        int w = TLanes.Count;
        if (length - i < w) return i;
        TVector zero = TLanes.Create(0.0);
        TVector total = zero;
        if (length - i >= 4 * w)
        {
            TVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            for (; i <= length - 4 * w; i += 4 * w)
            {
                a0 = TLanes.Add(a0, Element.Load<TLanes, TVector, TElement>(ref dy, i));
                a1 = TLanes.Add(a1, Element.Load<TLanes, TVector, TElement>(ref dy, i + w));
                a2 = TLanes.Add(a2, Element.Load<TLanes, TVector, TElement>(ref dy, i + 2 * w));
                a3 = TLanes.Add(a3, Element.Load<TLanes, TVector, TElement>(ref dy, i + 3 * w));
            }
            total = TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3));
        }
        for (; i <= length - w; i += w) total = TLanes.Add(total, Element.Load<TLanes, TVector, TElement>(ref dy, i));
        sum.AddPlain(TLanes.Sum(total), 0.0);
        return i;
    }

    /// <summary>dx = y (dy - s) (softmax) or dx = dy - exp(y) s (log_softmax), s given as a double-double
    /// (<paramref name="s"/> + <paramref name="low"/>; see <see cref="GradientLine{TLanes, TVector, TElement, TSoftmax}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GradientOutput<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, int length, int i, double s, double low)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        int w = TLanes.Count;
        var shift = new Shift<TVector>(TLanes.Create(s), TLanes.Create(-s), TLanes.Create(low));
        for (; i <= length - w; i += w) GradientLine<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, ref dx, i, shift);
        return i;
    }

    /// <summary>A row's s (or sum of dy) in every lane: High, its negation, and its low word (float64 rows).</summary>
    internal readonly record struct Shift<TVector>(TVector High, TVector NegativeHigh, TVector Low) where TVector : struct;

    /// <summary>
    /// One register of <see cref="GradientOutput{TLanes, TVector, TElement, TSoftmax}"/>.
    /// float32 rows (in double lanes, 29 bits to spare): y ((dy - s_hi) - s_lo), or dy - exp(y) s fused (one rounding).
    /// float64 rows: softmax y (dy - s) with dy - s_hi error-free (<see cref="ExactSoftmaxOutput{TLanes, TVector}"/>),
    /// log_softmax dy - exp(y) s with the product and the difference error-free (<see cref="ExactOutput{TLanes, TVector}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void GradientLine<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, nint i, in Shift<TVector> s)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        TVector yv = Element.Load<TLanes, TVector, TElement>(ref y, i);
        TVector g = Element.Load<TLanes, TVector, TElement>(ref dy, i);
        TVector result;
        if (typeof(TElement) == typeof(float))
        {
            // dy - s_hi is exact where it cancels (Sterbenz), and s_lo then matters: with a dominant output it is
            // about 2^-53 s, far above a float ULP of dx
            result = typeof(TSoftmax) == typeof(Yes)
                ? TLanes.Multiply(yv, TLanes.Subtract(TLanes.Subtract(g, s.High), s.Low))
                : TLanes.MultiplyAdd(Element.Exp<TLanes, TVector, TElement>(yv), s.NegativeHigh, g);
        }
        else
        {
            result = typeof(TSoftmax) == typeof(Yes) ? ExactSoftmaxOutput<TLanes, TVector>(yv, g, s) : ExactOutput<TLanes, TVector>(yv, g, s);
        }
        Element.Store<TLanes, TVector, TElement>(result, ref dx, i);
    }
}
