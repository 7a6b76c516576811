using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

internal static partial class InterleavedRows
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement y, ref TElement dy, ref TElement dx, int length, int stride)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (op == SoftmaxOp.Softmax) Backward<TLanes, TVector, TElement, Yes>(ref y, ref dy, ref dx, length, stride);
        else Backward<TLanes, TVector, TElement, No>(ref y, ref dy, ref dx, length, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, int length, int stride)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        TVector zero = TLanes.Create(0.0);
        TVector total = zero, compensation = zero, ySum = zero;
        int c = 0;
        while (c < length)
        {
            int end = Math.Min(length, c + 4 * CompensatedSum.BlockIterations);
            TVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            for (; c <= end - 4; c += 4)
            {
                a0 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, (nint)c * stride, a0);
                a1 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, (nint)(c + 1) * stride, a1);
                a2 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, (nint)(c + 2) * stride, a2);
                a3 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, (nint)(c + 3) * stride, a3);
                if (TSoftmax.Value)
                {
                    ySum = TLanes.Add(ySum, TLanes.Add(
                        TLanes.Add(Element.Load<TLanes, TVector, TElement>(ref y, (nint)c * stride), Element.Load<TLanes, TVector, TElement>(ref y, (nint)(c + 1) * stride)),
                        TLanes.Add(Element.Load<TLanes, TVector, TElement>(ref y, (nint)(c + 2) * stride), Element.Load<TLanes, TVector, TElement>(ref y, (nint)(c + 3) * stride))));
                }
            }
            for (; c < end; c++)
            {
                a0 = GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, (nint)c * stride, a0);
                if (TSoftmax.Value) ySum = TLanes.Add(ySum, Element.Load<TLanes, TVector, TElement>(ref y, (nint)c * stride));
            }
            CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3)));
        }
        TVector s = CompensatedSum.Resolve<TLanes, TVector>(total, compensation);
        if (TSoftmax.Value)
        {
            // the y-weighted mean of dy (ContiguousRows.AddY), where the weights' sum is finite and not 0 (RowSum.WeightedMean)
            TVector usable = TLanes.EqualsMask(TLanes.Subtract(ySum, ySum), zero);
            TVector zeroSum = TLanes.EqualsMask(ySum, zero);
            s = TLanes.Select(zeroSum, s, TLanes.Select(usable, TLanes.Divide(s, ySum), s));
        }
        TVector negativeS = TLanes.Subtract(zero, s);
        for (c = 0; c < length; c++)
        {
            nint at = (nint)c * stride;
            TVector yv = Element.Load<TLanes, TVector, TElement>(ref y, at);
            TVector g = Element.Load<TLanes, TVector, TElement>(ref dy, at);
            TVector result = TSoftmax.Value
                ? TLanes.Multiply(yv, TLanes.Subtract(g, s))
                : TLanes.MultiplyAdd(Element.Exp<TLanes, TVector, TElement>(yv), negativeS, g);
            Element.Store<TLanes, TVector, TElement>(result, ref dx, at);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector GradientTerm<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, nint at, TVector accumulator)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        TVector g = Element.Load<TLanes, TVector, TElement>(ref dy, at);
        if (TSoftmax.Value) return TLanes.MultiplyAdd(Element.Load<TLanes, TVector, TElement>(ref y, at), g, accumulator);
        return TLanes.Add(accumulator, g);
    }
}
