using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// Passes over one contiguous row (dim is the last dimension, or the row was gathered). Every pass takes the index to
/// start from and returns where it stopped: the driver runs it with the widest accelerated lanes, then with
/// <see cref="ScalarLanes"/> for the tail, so head, body and tail share one formula.
/// </summary>
internal static partial class ContiguousRows
{
    /// <summary>y = softmax(x) or log_softmax(x) for one row of <paramref name="length"/> elements.</summary>
    /// <param name="op">softmax or log_softmax.</param>
    /// <param name="x">Element 0 of the row.</param>
    /// <param name="y">Element 0 of the output row.</param>
    /// <param name="length">The row length C.</param>
    /// <param name="terms">Room for <paramref name="length"/> doubles: softmax keeps exp(x - max) there, unrounded,
    /// between the sum and the output pass (for float64 the driver passes y itself).</param>
    public static void Forward<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement x, ref TElement y, ref double terms, int length)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        double max = double.NegativeInfinity;
        int i;
        if (typeof(TElement) == typeof(float))
        {
            max = SingleMax.Of(ref Unsafe.As<TElement, float>(ref x), length);
        }
        else
        {
            i = Max<TLanes, TVector, TElement>(ref x, length, 0, ref max);
            Max<ScalarLanes, double, TElement>(ref x, length, i, ref max);
        }
        var sum = default(RowSum);
        if (op == SoftmaxOp.Softmax)
        {
            i = ExpSum<TLanes, TVector, TElement, No>(ref x, ref terms, length, 0, max, ref sum);
            ExpSum<ScalarLanes, double, TElement, No>(ref x, ref terms, length, i, max, ref sum);
            double total = sum.Total;
            i = SoftmaxOutput<TLanes, TVector, TElement>(ref terms, ref y, length, 0, total);
            SoftmaxOutput<ScalarLanes, double, TElement>(ref terms, ref y, length, i, total);
        }
        else
        {
            i = ExpSum<TLanes, TVector, TElement, Yes>(ref x, ref terms, length, 0, max, ref sum);
            ExpSum<ScalarLanes, double, TElement, Yes>(ref x, ref terms, length, i, max, ref sum);
            double logSum = Log1p.Of(sum.Rest);
            i = LogSoftmaxOutput<TLanes, TVector, TElement>(ref x, ref y, length, 0, max, logSum);
            LogSoftmaxOutput<ScalarLanes, double, TElement>(ref x, ref y, length, i, max, logSum);
        }
    }

    /// <summary>The largest element. NaN may be skipped here: it reaches the sum through exp and poisons the row there.</summary>
    private static int Max<TLanes, TVector, TElement>(ref TElement x, int length, int i, ref double max)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        int w = TLanes.Count;
        if (length - i < w) return i;
        TVector m0 = TLanes.Create(max), m1 = m0, m2 = m0, m3 = m0;
        for (; i <= length - 4 * w; i += 4 * w)
        {
            m0 = TLanes.MaxNative(Element.Load<TLanes, TVector, TElement>(ref x, i), m0);
            m1 = TLanes.MaxNative(Element.Load<TLanes, TVector, TElement>(ref x, i + w), m1);
            m2 = TLanes.MaxNative(Element.Load<TLanes, TVector, TElement>(ref x, i + 2 * w), m2);
            m3 = TLanes.MaxNative(Element.Load<TLanes, TVector, TElement>(ref x, i + 3 * w), m3);
        }
        for (; i <= length - w; i += w)
        {
            m0 = TLanes.MaxNative(Element.Load<TLanes, TVector, TElement>(ref x, i), m0);
        }
        max = TLanes.Max(TLanes.MaxNative(TLanes.MaxNative(m0, m1), TLanes.MaxNative(m2, m3)));
        return i;
    }

    /// <summary>
    /// Adds exp(x - max) into <paramref name="sum"/>. With <typeparamref name="TSplit"/> the exact 1s of the maxima
    /// are counted apart (log_softmax); otherwise (softmax) the terms are kept in <paramref name="terms"/>, unrounded.
    /// </summary>
    private static int ExpSum<TLanes, TVector, TElement, TSplit>(ref TElement x, ref double terms, int length, int i, double max, ref RowSum sum)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSplit : IFlag
    {
        int w = TLanes.Count;
        if (length - i < w) return i;
        TVector m = TLanes.Create(max);
        TVector zero = TLanes.Create(0.0);
        TVector total = zero, compensation = zero, ones = zero;
        while (length - i >= 4 * w)
        {
            int iterations = Math.Min((length - i) / (4 * w), CompensatedSum.BlockIterations);
            TVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            for (int k = 0; k < iterations; k++, i += 4 * w)
            {
                a0 = TLanes.Add(a0, Term<TLanes, TVector, TElement, TSplit>(ref x, ref terms, i, m, ref ones));
                a1 = TLanes.Add(a1, Term<TLanes, TVector, TElement, TSplit>(ref x, ref terms, i + w, m, ref ones));
                a2 = TLanes.Add(a2, Term<TLanes, TVector, TElement, TSplit>(ref x, ref terms, i + 2 * w, m, ref ones));
                a3 = TLanes.Add(a3, Term<TLanes, TVector, TElement, TSplit>(ref x, ref terms, i + 3 * w, m, ref ones));
            }
            CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3)));
        }
        for (; i <= length - w; i += w)
        {
            CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, Term<TLanes, TVector, TElement, TSplit>(ref x, ref terms, i, m, ref ones));
        }
        sum.Add(TLanes.Sum(total), TLanes.Sum(compensation), TSplit.Value ? TLanes.Sum(ones) : 0.0);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Term<TLanes, TVector, TElement, TSplit>(ref TElement x, ref double terms, int i, TVector m, ref TVector ones)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSplit : IFlag
    {
        TVector d = TLanes.Subtract(Element.Load<TLanes, TVector, TElement>(ref x, i), m);
        TVector e = Element.ExpOfNonPositive<TLanes, TVector, TElement>(d);
        if (TSplit.Value)
        {
            TVector zero = TLanes.Create(0.0);
            TVector isMax = TLanes.EqualsMask(d, zero);
            ones = TLanes.Add(ones, TLanes.Select(isMax, TLanes.Create(1.0), zero));
            return TLanes.Select(isMax, zero, e);
        }
        TLanes.Store(e, ref Unsafe.Add(ref terms, i));
        return e;
    }

    /// <summary>y = terms / sum: float32 multiplies by the reciprocal in double (error 2 roundings of 2^-53, far
    /// below the one rounding to float that follows); float64 divides (one rounding, not two).</summary>
    private static int SoftmaxOutput<TLanes, TVector, TElement>(ref double terms, ref TElement y, int length, int i, double total)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        int w = TLanes.Count;
        if (typeof(TElement) == typeof(float))
        {
            TVector inverse = TLanes.Create(1.0 / total);
            for (; i <= length - w; i += w)
            {
                Element.Store<TLanes, TVector, TElement>(TLanes.Multiply(TLanes.Load(ref Unsafe.Add(ref terms, i)), inverse), ref y, i);
            }
        }
        else
        {
            TVector s = TLanes.Create(total);
            for (; i <= length - w; i += w)
            {
                Element.Store<TLanes, TVector, TElement>(TLanes.Divide(TLanes.Load(ref Unsafe.Add(ref terms, i)), s), ref y, i);
            }
        }
        return i;
    }

    /// <summary>y = (x - max) - log(sum).</summary>
    private static int LogSoftmaxOutput<TLanes, TVector, TElement>(ref TElement x, ref TElement y, int length, int i, double max, double logSum)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        int w = TLanes.Count;
        TVector m = TLanes.Create(max);
        TVector l = TLanes.Create(logSum);
        for (; i <= length - w; i += w)
        {
            TVector d = TLanes.Subtract(Element.Load<TLanes, TVector, TElement>(ref x, i), m);
            Element.Store<TLanes, TVector, TElement>(TLanes.Subtract(d, l), ref y, i);
        }
        return i;
    }
}
