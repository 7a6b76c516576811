using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// Passes over W interleaved rows at once (dim not last: neighbours of a row are <c>stride</c> = Inner elements
/// apart, and rows i .. i+W-1 of a block sit side by side). Lane j of every register belongs to row i + j, so the
/// loads are contiguous and no transpose is needed; each lane keeps its own max, sum and log-sum.
/// </summary>
internal static partial class InterleavedRows
{
    /// <summary>Largest W accepted (eight double lanes); sizes the stack buffer for per-lane scalars.</summary>
    private const int MaxLanes = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement x, ref TElement y, int length, int stride)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        TVector max = TLanes.Create(double.NegativeInfinity);
        for (int c = 0; c < length; c++)
        {
            max = TLanes.MaxNative(Element.Load<TLanes, TVector, TElement>(ref x, (nint)c * stride), max);
        }
        if (op == SoftmaxOp.Softmax)
        {
            (TVector total, TVector compensation, TVector ones) = ExpSum<TLanes, TVector, TElement, No>(ref x, ref y, length, stride, max);
            TVector s = TLanes.Add(CompensatedSum.Resolve<TLanes, TVector>(total, compensation), ones);
            if (typeof(TElement) == typeof(float))
            {
                TVector inverse = TLanes.Divide(TLanes.Create(1.0), s);
                for (int c = 0; c < length; c++)
                {
                    nint at = (nint)c * stride;
                    TVector e = Element.ExpOfNonPositive<TLanes, TVector, TElement>(TLanes.Subtract(Element.Load<TLanes, TVector, TElement>(ref x, at), max));
                    Element.Store<TLanes, TVector, TElement>(TLanes.Multiply(e, inverse), ref y, at);
                }
            }
            else
            {
                for (int c = 0; c < length; c++)
                {
                    nint at = (nint)c * stride;
                    Element.Store<TLanes, TVector, TElement>(TLanes.Divide(Element.Load<TLanes, TVector, TElement>(ref y, at), s), ref y, at);
                }
            }
        }
        else
        {
            (TVector total, TVector compensation, TVector ones) = ExpSum<TLanes, TVector, TElement, Yes>(ref x, ref y, length, stride, max);
            Span<double> logSums = stackalloc double[MaxLanes];
            for (int j = 0; j < TLanes.Count; j++)
            {
                var lane = new RowSum { Sum = TLanes.GetElement(total, j), Compensation = TLanes.GetElement(compensation, j), Ones = TLanes.GetElement(ones, j) };
                double rest = lane.Rest;
                logSums[j] = Log1p.Of<TElement>(rest);
            }
            TVector l = TLanes.FromSpan(logSums);
            for (int c = 0; c < length; c++)
            {
                nint at = (nint)c * stride;
                TVector d = TLanes.Subtract(Element.Load<TLanes, TVector, TElement>(ref x, at), max);
                Element.Store<TLanes, TVector, TElement>(TLanes.Subtract(d, l), ref y, at);
            }
        }
    }

    /// <summary>Per-lane sum of exp(x - max) in blocks, compensated across blocks (see <see cref="CompensatedSum"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVector Total, TVector Compensation, TVector Ones) ExpSum<TLanes, TVector, TElement, TSplit>(
        ref TElement x, ref TElement y, int length, int stride, TVector max)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSplit : IFlag
    {
        TVector zero = TLanes.Create(0.0);
        TVector total = zero, compensation = zero, ones = zero;
        int c = 0;
        while (c < length)
        {
            int end = Math.Min(length, c + 4 * CompensatedSum.BlockIterations);
            TVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            for (; c <= end - 4; c += 4)
            {
                a0 = TLanes.Add(a0, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)c * stride, max, ref ones));
                a1 = TLanes.Add(a1, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)(c + 1) * stride, max, ref ones));
                a2 = TLanes.Add(a2, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)(c + 2) * stride, max, ref ones));
                a3 = TLanes.Add(a3, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)(c + 3) * stride, max, ref ones));
            }
            for (; c < end; c++)
            {
                a0 = TLanes.Add(a0, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)c * stride, max, ref ones));
            }
            CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3)));
        }
        return (total, compensation, ones);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Term<TLanes, TVector, TElement, TSplit>(ref TElement x, ref TElement y, nint at, TVector max, ref TVector ones)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSplit : IFlag
    {
        TVector d = TLanes.Subtract(Element.Load<TLanes, TVector, TElement>(ref x, at), max);
        TVector e = Element.ExpOfNonPositive<TLanes, TVector, TElement>(d);
        if (TSplit.Value)
        {
            TVector zero = TLanes.Create(0.0);
            TVector isMax = TLanes.EqualsMask(d, zero);
            ones = TLanes.Add(ones, TLanes.Select(isMax, TLanes.Create(1.0), zero));
            return TLanes.Select(isMax, zero, e);
        }
        if (typeof(TElement) == typeof(double)) Element.Store<TLanes, TVector, TElement>(e, ref y, at);
        return e;
    }
}
