using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

internal static partial class ContiguousRows
{
    /// <summary>
    /// dx from y and dy for consecutive rows, with each row's output pass run inside the next row's sum pass: step t
    /// takes row t's sum (of y dy, or of dy) and, register by register at the same index, writes row t - 1's dx, the
    /// way <see cref="ForwardOverlapped{TLanes, TVector, TElement}"/> does forward. The sum pass only reads; the output
    /// pass (log_softmax's with an exp per element) computes and writes; in one loop they run together. Every row's
    /// arithmetic is that of <see cref="Backward{TLanes, TVector, TElement}"/>, element by element and in the same
    /// order, so the results are the same bits. Measured on backward passes against the same rows one by one
    /// (minimum of many runs, alternating): float32 softmax 64 x 128 to 1024 x 4096 9-14% faster, 1024 x 10 to
    /// 128 x 64 10-22%; log_softmax 4-17% (256 x 32 alone 13% slower); float64 0-33%. The driver takes every
    /// contiguous tensor this way.
    /// </summary>
    /// <param name="op">softmax or log_softmax.</param>
    /// <param name="y">Element 0 of the first row of the forward output.</param>
    /// <param name="dy">Element 0 of the first row of the incoming gradient.</param>
    /// <param name="dx">Element 0 of the first row of the gradient to write.</param>
    /// <param name="length">The row length C.</param>
    /// <param name="rows">How many rows, at least 1.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardOverlapped<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement y, ref TElement dy, ref TElement dx, int length, int rows)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (op == SoftmaxOp.Softmax) BackwardOverlapped<TLanes, TVector, TElement, Yes>(ref y, ref dy, ref dx, length, rows);
        else BackwardOverlapped<TLanes, TVector, TElement, No>(ref y, ref dy, ref dx, length, rows);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardOverlapped<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, int length, int rows)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        var first = default(RowSum);
        int i = GradientSum<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, length, 0, ref first);
        GradientSum<ScalarLanes, double, TElement, TSoftmax>(ref y, ref dy, length, i, ref first);
        (double previous, double previousLow) = GradientShift<TSoftmax>(first);
        for (int t = 1; t < rows; t++)
        {
            (previous, previousLow) = OverlappedGradientSum<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, ref dx, length, t, previous, previousLow);
        }
        nint last = (nint)(rows - 1) * length;
        i = GradientOutput<TLanes, TVector, TElement, TSoftmax>(ref Unsafe.Add(ref y, last), ref Unsafe.Add(ref dy, last), ref Unsafe.Add(ref dx, last), length, 0, previous, previousLow);
        GradientOutput<ScalarLanes, double, TElement, TSoftmax>(ref Unsafe.Add(ref y, last), ref Unsafe.Add(ref dy, last), ref Unsafe.Add(ref dx, last), length, i, previous, previousLow);
    }

    /// <summary>
    /// Rows of at least this many elements hint the previous row's y, dy and dx lines into L1 (T0)
    /// <see cref="NearHintLead"/> elements ahead of the output at each index. Measured on float32 forward+backward
    /// (minimum of five runs, alternating): 1024 x 4096 3-5% faster, 32 x 50257 1-5%; 256 x 1000 -3% to +2%, so
    /// shorter rows go without.
    /// </summary>
    private const int NearHintLength = 2048, NearHintLead = 512;

    /// <summary>
    /// Row <paramref name="t"/>'s gradient sum (<c>GradientSum</c>'s blocks and registers) with row t - 1's dx
    /// written at each index first (its sum is <paramref name="previousSum"/>); the scalar tails follow in the same
    /// order. Returns row t's sum (<see cref="GradientShift{TSoftmax}"/>). Rows whose sums are error-free
    /// (see <see cref="GradientSum{TLanes, TVector, TElement, TSoftmax}"/>) take <see cref="ExactGradientSum{TLanes, TVector, TElement, TSoftmax}"/>'s
    /// two register sets, two registers a step.
    /// A loop of its own: <c>GradientSum</c> with the dx writes behind a flag, as the
    /// forward's <c>ExpSum</c> has them, measured 3-6% slower on these memory-bound rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double High, double Low) OverlappedGradientSum<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, int length, int t,
        double previousSum, double previousLow)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        nint start = (nint)t * length, previousStart = start - length;
        ref TElement rowY = ref Unsafe.Add(ref y, start);
        ref TElement rowDy = ref Unsafe.Add(ref dy, start);
        ref TElement previousY = ref Unsafe.Add(ref y, previousStart);
        ref TElement previousDy = ref Unsafe.Add(ref dy, previousStart);
        ref TElement previousDx = ref Unsafe.Add(ref dx, previousStart);
        var s = new Shift<TVector>(TLanes.Create(previousSum), TLanes.Create(-previousSum), TLanes.Create(previousLow));

        var sum = default(RowSum);
        int i = 0, w = TLanes.Count;
        bool near = length >= NearHintLength;
        RowPrefetch hintY = near ? RowPrefetch.OutputOf(ref previousY, length) : default;
        RowPrefetch hintDy = near ? RowPrefetch.OutputOf(ref previousDy, length) : default;
        RowPrefetch hintDx = near ? RowPrefetch.OutputOf(ref previousDx, length) : default;
        // the rows with error-free sums, the test written out (see ContiguousRows.GradientSum's remarks)
        if (typeof(TElement) == typeof(double) || typeof(TSoftmax) == typeof(Yes))
        {
            TVector zero = TLanes.Create(0.0), weightsStart = TLanes.Create(ExactStart);
            TVector t0 = zero, e0 = zero, s0 = weightsStart, f0 = zero, t1 = zero, e1 = zero, s1 = weightsStart, f1 = zero;
            for (; i <= length - 4 * w; i += 4 * w)
            {
                hintY.PrefetchNear<TElement>(i + NearHintLead, 4 * w);
                hintDy.PrefetchNear<TElement>(i + NearHintLead, 4 * w);
                hintDx.PrefetchNear<TElement>(i + NearHintLead, 4 * w);
                GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i, s);
                GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i + w, s);
                GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i + 2 * w, s);
                GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i + 3 * w, s);
                ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref rowY, ref rowDy, i, zero, ref t0, ref e0, ref s0, ref f0);
                ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref rowY, ref rowDy, i + w, zero, ref t1, ref e1, ref s1, ref f1);
                ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref rowY, ref rowDy, i + 2 * w, zero, ref t0, ref e0, ref s0, ref f0);
                ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref rowY, ref rowDy, i + 3 * w, zero, ref t1, ref e1, ref s1, ref f1);
            }
            for (; i <= length - w; i += w)
            {
                GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i, s);
                ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref rowY, ref rowDy, i, zero, ref t0, ref e0, ref s0, ref f0);
            }
            MergeSets<TLanes, TVector, TSoftmax>(ref t0, ref e0, ref s0, ref f0, t1, e1, s1, f1);
            AddLanes<TLanes, TVector>(ref sum, t0, e0, s0, f0, TSoftmax.Value);
        }
        else if (length >= w)
        {
            // float32 log_softmax: GradientSum's plain lane sums of dy
            TVector zero = TLanes.Create(0.0);
            TVector total = zero;
            if (length - i >= 4 * w)
            {
                TVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
                for (; i <= length - 4 * w; i += 4 * w)
                {
                    hintY.PrefetchNear<TElement>(i + NearHintLead, 4 * w);
                    hintDy.PrefetchNear<TElement>(i + NearHintLead, 4 * w);
                    hintDx.PrefetchNear<TElement>(i + NearHintLead, 4 * w);
                    GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i, s);
                    GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i + w, s);
                    GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i + 2 * w, s);
                    GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i + 3 * w, s);
                    a0 = TLanes.Add(a0, Element.Load<TLanes, TVector, TElement>(ref rowDy, i));
                    a1 = TLanes.Add(a1, Element.Load<TLanes, TVector, TElement>(ref rowDy, i + w));
                    a2 = TLanes.Add(a2, Element.Load<TLanes, TVector, TElement>(ref rowDy, i + 2 * w));
                    a3 = TLanes.Add(a3, Element.Load<TLanes, TVector, TElement>(ref rowDy, i + 3 * w));
                }
                total = TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3));
            }
            for (; i <= length - w; i += w)
            {
                GradientLine<TLanes, TVector, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, i, s);
                total = TLanes.Add(total, Element.Load<TLanes, TVector, TElement>(ref rowDy, i));
            }
            sum.AddPlain(TLanes.Sum(total), 0.0);
        }
        GradientOutput<ScalarLanes, double, TElement, TSoftmax>(ref previousY, ref previousDy, ref previousDx, length, i, previousSum, previousLow);
        GradientSum<ScalarLanes, double, TElement, TSoftmax>(ref rowY, ref rowDy, length, i, ref sum);
        return GradientShift<TSoftmax>(sum);
    }
}
