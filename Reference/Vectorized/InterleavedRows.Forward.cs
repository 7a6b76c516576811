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
                // 1 / S as a double-double per lane, S = total + compensation exactly (Fast2Sum), and each output
                // e (i_hi + i_lo) rounded once, as ContiguousRows' SoftmaxLine does.
                TVector low = TLanes.Subtract(compensation, TLanes.Subtract(s, total));
                TVector inverse = TLanes.Divide(TLanes.Create(1.0), s);
                TVector remainder = TLanes.MultiplyAdd(TLanes.Subtract(TLanes.Create(0.0), inverse), s, TLanes.Create(1.0));
                TVector inverseLow = TLanes.Multiply(inverse, TLanes.MultiplyAdd(TLanes.Subtract(TLanes.Create(0.0), inverse), low, remainder));
                TVector finite = TLanes.EqualsMask(TLanes.Subtract(inverseLow, inverseLow), TLanes.Create(0.0));
                inverseLow = TLanes.Select(finite, inverseLow, TLanes.Create(0.0));
                for (int c = 0; c < length; c++)
                {
                    nint at = (nint)c * stride;
                    TVector e = Element.Load<TLanes, TVector, TElement>(ref y, at);
                    TVector product = TLanes.Multiply(e, inverse);
                    TVector error = TLanes.MultiplyAdd(e, inverse, TLanes.Subtract(TLanes.Create(0.0), product));
                    Element.Store<TLanes, TVector, TElement>(TLanes.Add(product, TLanes.MultiplyAdd(e, inverseLow, error)), ref y, at);
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
                TVector value = Element.Load<TLanes, TVector, TElement>(ref x, at);
                Element.Store<TLanes, TVector, TElement>(typeof(TElement) == typeof(float)
                    ? TLanes.Subtract(TLanes.Subtract(value, max), l)
                    : ContiguousRows.LogSoftmaxValue<TLanes, TVector>(value, max, l), ref y, at);
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
        // Element.Floor, lane by lane: max - max(1024, |max| 2^-20), at least -MaxValue
        TVector magnitude = TLanes.MaxNative(TLanes.Subtract(TLanes.Create(0.0), max), max);
        TVector distance = TLanes.MaxNative(TLanes.Multiply(magnitude, TLanes.Create(Element.FloorFraction)), TLanes.Create(1024.0));
        TVector floor = TLanes.MaxNative(TLanes.Subtract(max, distance), TLanes.Create(double.MinValue));
        bool exact = typeof(TElement) == typeof(double);
        // float64: accumulators from 2 with every addition error-free (ContiguousRows.ExactAccumulate), one block;
        // float32: plain blocks of 8 additions per register, compensated across blocks.
        TVector start = exact && !TSplit.Value ? TLanes.Create(2.0) : zero;
        int c = 0;
        while (c < length)
        {
            int end = exact ? length : Math.Min(length, c + 4 * CompensatedSum.BlockIterations);
            TVector a0 = start, a1 = start, a2 = start, a3 = start, e0 = zero, e1 = zero, e2 = zero, e3 = zero;
            for (; c <= end - 4; c += 4)
            {
                Add<TLanes, TVector>(ref a0, ref e0, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)c * stride, max, floor, ref ones), exact, TSplit.Value);
                Add<TLanes, TVector>(ref a1, ref e1, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)(c + 1) * stride, max, floor, ref ones), exact, TSplit.Value);
                Add<TLanes, TVector>(ref a2, ref e2, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)(c + 2) * stride, max, floor, ref ones), exact, TSplit.Value);
                Add<TLanes, TVector>(ref a3, ref e3, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)(c + 3) * stride, max, floor, ref ones), exact, TSplit.Value);
            }
            for (; c < end; c++)
            {
                Add<TLanes, TVector>(ref a0, ref e0, Term<TLanes, TVector, TElement, TSplit>(ref x, ref y, (nint)c * stride, max, floor, ref ones), exact, TSplit.Value);
            }
            if (!exact)
            {
                CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3)));
                continue;
            }
            CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Subtract(a0, start));
            CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Subtract(a1, start));
            CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Subtract(a2, start));
            CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Subtract(a3, start));
            compensation = TLanes.Add(compensation, TLanes.Add(TLanes.Add(e0, e1), TLanes.Add(e2, e3)));
        }
        return (total, compensation, ones);
    }

    /// <summary>sum += term, error-free when <paramref name="exact"/> (a JIT-time constant per element type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<TLanes, TVector>(ref TVector sum, ref TVector error, TVector term, bool exact, bool twoSum)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        if (exact) ContiguousRows.ExactAccumulate<TLanes, TVector>(ref sum, ref error, term, twoSum);
        else sum = TLanes.Add(sum, term);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Term<TLanes, TVector, TElement, TSplit>(ref TElement x, ref TElement y, nint at, TVector max, TVector floor, ref TVector ones)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSplit : IFlag
    {
        TVector e = Element.ExpOfDifference<TLanes, TVector, TElement>(Element.Load<TLanes, TVector, TElement>(ref x, at), max, floor, out TVector d);
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
