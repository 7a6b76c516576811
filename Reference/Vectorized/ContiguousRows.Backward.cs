using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

internal static partial class ContiguousRows
{
    /// <summary>dx from y and dy for one row: softmax dx = y (dy - sum y dy); log_softmax dx = dy - exp(y) sum dy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement y, ref TElement dy, ref TElement dx, int length)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        var sum = default(RowSum);
        if (op == SoftmaxOp.Softmax)
        {
            int i = GradientSum<TLanes, TVector, TElement, Yes>(ref y, ref dy, length, 0, ref sum);
            GradientSum<ScalarLanes, double, TElement, Yes>(ref y, ref dy, length, i, ref sum);
            double s = sum.WeightedMean;
            i = GradientOutput<TLanes, TVector, TElement, Yes>(ref y, ref dy, ref dx, length, 0, s);
            GradientOutput<ScalarLanes, double, TElement, Yes>(ref y, ref dy, ref dx, length, i, s);
        }
        else
        {
            int i = GradientSum<TLanes, TVector, TElement, No>(ref y, ref dy, length, 0, ref sum);
            GradientSum<ScalarLanes, double, TElement, No>(ref y, ref dy, length, i, ref sum);
            double s = sum.Total;
            i = GradientOutput<TLanes, TVector, TElement, No>(ref y, ref dy, ref dx, length, 0, s);
            GradientOutput<ScalarLanes, double, TElement, No>(ref y, ref dy, ref dx, length, i, s);
        }
    }

    /// <summary>sum y dy (softmax) or sum dy (log_softmax), blocked and compensated (float64) or plain (float32) like
    /// the forward sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GradientSum<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, int length, int i, ref RowSum sum)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        int w = TLanes.Count;
        if (length - i < w) return i;
        TVector zero = TLanes.Create(0.0);
        TVector total = zero, compensation = zero, ySum = zero;
        bool plain = PlainLaneSums<TElement>();
        while (length - i >= 4 * w)
        {
            int iterations = (length - i) / (4 * w);
            if (!plain) iterations = Math.Min(iterations, CompensatedSum.BlockIterations);
            TVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            for (int k = 0; k < iterations; k++, i += 4 * w)
            {
                a0 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, i, a0);
                a1 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, i + w, a1);
                a2 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, i + 2 * w, a2);
                a3 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, i + 3 * w, a3);
                if (TSoftmax.Value) ySum = AddY<TLanes, TVector, TElement>(ySum, ref y, i, w);
            }
            TVector block = TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3));
            if (plain) total = TLanes.Add(total, block);
            else CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, block);
        }
        for (; i <= length - w; i += w)
        {
            TVector term = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, i, zero);
            if (TSoftmax.Value) ySum = TLanes.Add(ySum, Element.Load<TLanes, TVector, TElement>(ref y, i));
            if (plain) total = TLanes.Add(total, term);
            else CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, term);
        }
        double weights = TSoftmax.Value ? TLanes.Sum(ySum) : 0.0;
        if (plain) sum.AddPlain(TLanes.Sum(total), weights);
        else sum.Add(TLanes.Sum(total), TLanes.Sum(compensation), weights);
        return i;
    }

    /// <summary>
    /// sum + the four registers of y from <paramref name="i"/>: softmax's backward takes s = sum y dy / sum y, the
    /// y-weighted mean of dy, instead of sum y dy alone (the two agree when the y sum to 1). With y rounded to the
    /// dtype they do not, and a dominant output's own rounding, carried in sum y dy, stayed in dy_i - s: dx_i =
    /// y_i (dy_i - s) cancels there, and it was 6 float32 ULP of the row's largest |dx| (a 1-ULP forward output
    /// carried into dx, issue #20). In the weighted mean y_i's error cancels to first order. dx then carries a
    /// factor 1 / sum y, off 1 by the y's roundings (at most half a ULP of the dtype, relative).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector AddY<TLanes, TVector, TElement>(TVector sum, ref TElement y, int i, int w)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged =>
        TLanes.Add(sum, TLanes.Add(
            TLanes.Add(Element.Load<TLanes, TVector, TElement>(ref y, i), Element.Load<TLanes, TVector, TElement>(ref y, i + w)),
            TLanes.Add(Element.Load<TLanes, TVector, TElement>(ref y, i + 2 * w), Element.Load<TLanes, TVector, TElement>(ref y, i + 3 * w))));

    /// <summary>accumulator + y dy (one rounding, fused) or accumulator + dy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, int i, TVector accumulator)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        TVector g = Element.Load<TLanes, TVector, TElement>(ref dy, i);
        if (TSoftmax.Value) return TLanes.MultiplyAdd(Element.Load<TLanes, TVector, TElement>(ref y, i), g, accumulator);
        return TLanes.Add(accumulator, g);
    }

    /// <summary>dx = y (dy - s) (softmax) or dx = dy - exp(y) s (log_softmax, fused: one rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GradientOutput<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, int length, int i, double s)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        int w = TLanes.Count;
        TVector sv = TLanes.Create(s);
        TVector negativeS = TLanes.Create(-s);
        for (; i <= length - w; i += w) GradientLine<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, ref dx, i, sv, negativeS);
        return i;
    }

    /// <summary>One register of <see cref="GradientOutput{TLanes, TVector, TElement, TSoftmax}"/>, given s and -s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientLine<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, int i, TVector s, TVector negativeS)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        TVector yv = Element.Load<TLanes, TVector, TElement>(ref y, i);
        TVector g = Element.Load<TLanes, TVector, TElement>(ref dy, i);
        TVector result = TSoftmax.Value
            ? TLanes.Multiply(yv, TLanes.Subtract(g, s))
            : TLanes.MultiplyAdd(Element.Exp<TLanes, TVector, TElement>(yv), negativeS, g);
        Element.Store<TLanes, TVector, TElement>(result, ref dx, i);
    }
}
