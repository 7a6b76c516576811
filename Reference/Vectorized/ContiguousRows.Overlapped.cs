using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

internal static partial class ContiguousRows
{
    /// <summary>
    /// How far ahead of the output pass, in elements, <see cref="ForwardOverlapped{TLanes, TVector, TElement}"/>
    /// hints the previous row's output lines into cache, so that its stores do not wait for their lines to be read.
    /// </summary>
    private const int OutputLead = 256;

    /// <summary>
    /// y = softmax(x) or log_softmax(x) for rows of more than 64 elements (Driver.Overlaps), with each row's output
    /// pass run inside the next row's exp-and-sum pass: step t takes row t's maximum, then one loop computes row t's
    /// terms and sum and, register by register at the same index, row t - 1's output. The exp pass is bound by the
    /// vector units and the output pass by memory (it reads a row and writes one); in one loop the processor runs
    /// them together, where one after the other the vector units idle through every output pass. Every row's
    /// arithmetic is that of <see cref="Forward{TLanes, TVector, TElement}"/>, element by element and in the same
    /// order, so the results are the same bits. float32 rows in 512-bit lanes also take row t + 1's maximum in the same
    /// loop (<see cref="FusesNextMax{TLanes, TVector, TElement}"/>), where a pass of its own left the vector units idle
    /// while it read the row.
    /// </summary>
    /// <remarks>
    /// log_softmax takes row t - 1's log(sum), and the float32 plain sum's check before it, after row t's max pass,
    /// not straight after row t - 1's sum (so nothing at a row's end waits on its sum; the check alone: 2-4%). The log is
    /// a chain of some 50 cycles at the end of another (the row's last exp terms, the lanes' sum), and instructions
    /// retire in order: straight after the sum, everything behind it waits for it, while after the max pass it
    /// starts with its argument long known. Measured on float32 log_softmax forward (minimum of many runs,
    /// alternating): 64 x 128 6-8% faster, longer rows within 1.5%, float64 unchanged. (The log's own length
    /// matters, not its instructions: a chain of 12 multiplications in its place was as slow, one multiplication
    /// 15% faster; the outputs' wait for it does not: with a constant in its place they were as slow.)
    /// </remarks>
    /// <param name="op">softmax or log_softmax.</param>
    /// <param name="x">Element 0 of the first row.</param>
    /// <param name="y">Element 0 of the first output row.</param>
    /// <param name="terms">float32: room for one row of doubles, which every row's softmax terms (log_softmax:
    /// differences x - max) take in turn (the loop reads row t - 1's at an index before it writes row t's there);
    /// float64: y itself.</param>
    /// <param name="length">The row length C.</param>
    /// <param name="rows">How many rows, at least 1.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardOverlapped<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement x, ref TElement y, ref double terms, int length, int rows)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        // sum is row t's sum (softmax) or sum - 1 (log_softmax); previousSum what row t - 1's output takes: the sum,
        // or its log, taken only after row t's max pass (see the remarks).
        double previousMax = 0, previousSum = 0, previousLow = 0, sum = 0, low = 0, nextMax = 0;
        bool fuses = FusesNextMax<TLanes, TVector, TElement>();
        for (int t = 0; t < rows; t++)
        {
            double max = fuses && t > 1 ? nextMax : RowMax<TLanes, TVector, TElement>(ref Unsafe.Add(ref x, (nint)t * length), length);
            if (t > 0)
            {
                previousSum = op == SoftmaxOp.Softmax ? sum : Log1p.Of<TElement>(ConfirmedSumMinusOne<TLanes, TVector, TElement>(ref x, ref y, ref terms, length, t - 1, previousMax, sum));
                previousLow = low;
            }
            if (op == SoftmaxOp.Softmax)
            {
                RowSum terms_ = t == 0
                    ? ExpSum<TLanes, TVector, TElement, SoftmaxTerms>(ref x, ref y, ref terms, length, max)
                    : fuses && t + 1 < rows
                        ? OverlappedSum<TLanes, TVector, TElement, SoftmaxTerms, Yes, Yes>(ref x, ref y, ref terms, length, t, max, previousMax, previousSum, previousLow, ref nextMax)
                        : OverlappedSum<TLanes, TVector, TElement, SoftmaxTerms, Yes, No>(ref x, ref y, ref terms, length, t, max, previousMax, previousSum, previousLow, ref nextMax);
                sum = terms_.Total;
                low = terms_.TotalLow;
                previousMax = max;
                continue;
            }
            sum = t == 0
                    ? FirstSumMinusOne<TLanes, TVector, TElement>(ref x, ref y, ref terms, length, max)
                    : fuses && t + 1 < rows
                        ? OverlappedSumMinusOne<TLanes, TVector, TElement, Yes>(ref x, ref y, ref terms, length, t, max, previousMax, previousSum, ref nextMax)
                        : OverlappedSumMinusOne<TLanes, TVector, TElement, No>(ref x, ref y, ref terms, length, t, max, previousMax, previousSum, ref nextMax);
            previousMax = max;
        }
        previousSum = op == SoftmaxOp.Softmax ? sum : Log1p.Of<TElement>(ConfirmedSumMinusOne<TLanes, TVector, TElement>(ref x, ref y, ref terms, length, rows - 1, previousMax, sum));
        Output<TLanes, TVector, TElement>(op, ref x, ref y, ref SharedTerms<TElement>(ref terms, rows - 1, length), length, rows - 1, previousMax, previousSum, low);
    }

    /// <summary>Where <see cref="ForwardOverlapped{TLanes, TVector, TElement}"/> keeps row <paramref name="r"/>'s
    /// softmax terms (or log_softmax differences): float32 rows all in the one scratch row; float64 rows in their own
    /// output row.</summary>
    private static ref double SharedTerms<TElement>(ref double terms, int r, int length) where TElement : unmanaged =>
        ref typeof(TElement) == typeof(float) ? ref terms : ref Unsafe.Add(ref terms, (nint)r * length);

    /// <summary>log_softmax's sum - 1 for row <paramref name="t"/>, with row t - 1's output written on the way: float32
    /// rows the plain sum's (kept or summed again by <see cref="ConfirmedSumMinusOne{TLanes, TVector, TElement}"/>
    /// after the next row's max pass), float64 rows the sum's with the maxima's 1s apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double OverlappedSumMinusOne<TLanes, TVector, TElement, TNext>(ref TElement x, ref TElement y, ref double terms, int length, int t, double max, double previousMax, double previousLogSum, ref double nextMax)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TNext : IFlag
    {
        if (typeof(TElement) == typeof(float))
        {
            return OverlappedSum<TLanes, TVector, TElement, PlainSum, No, TNext>(ref x, ref y, ref terms, length, t, max, previousMax, previousLogSum, 0, ref nextMax).PlainTotal - 1.0;
        }
        return OverlappedSum<TLanes, TVector, TElement, OnesApart, No, TNext>(ref x, ref y, ref terms, length, t, max, previousMax, previousLogSum, 0, ref nextMax).Rest;
    }

    /// <summary>
    /// Whether the overlapped loop takes the next row's maximum on the way, two 512-bit float loads and maxima per 32
    /// elements: float32 rows in 512-bit lanes (rows 0 and 1 still take a max pass of their own). The pass of its own
    /// cost 8-12% of the forward (measured without it, wrong results); on the way, measured against it (minimum of many
    /// runs, alternating): 256 x 1000 6-8% faster, 64 x 128 0-5%, 32 x 50257 1-5%, 1024 x 4096 1-9% (with the hints two
    /// rows ahead, <c>FarPrefetchLength</c>; one row ahead it was 6-11% slower there, which is what an earlier attempt
    /// measured). float64 rows keep the pass: their max is two loads and maxima per 8 elements.
    /// </summary>
    private static bool FusesNextMax<TLanes, TVector, TElement>() where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged =>
        typeof(TElement) == typeof(float) && TLanes.Count == 8 && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Row <paramref name="t"/>'s exp-and-sum pass with row t - 1's output written on the way, register by register
    /// (the widest lanes, then the scalar tail; see <c>ExpSum</c>'s remarks). <c>TSoftmax</c> picks the output:
    /// softmax (terms times the reciprocal of the sum, or divided by it) or log_softmax ((x - max) - log(sum), from the
    /// kept differences x - max for float32 rows, see <see cref="KeepsDifferences{TElement}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static RowSum OverlappedSum<TLanes, TVector, TElement, TMode, TSoftmax, TNext>(ref TElement x, ref TElement y, ref double terms, int length, int t, double max, double previousMax, double previousSum, double previousLow, ref double nextMax)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TMode : ITermMode where TSoftmax : IFlag where TNext : IFlag
    {
        ref TElement rowX = ref Unsafe.Add(ref x, (nint)t * length);
        ref TElement rowY = ref Unsafe.Add(ref y, (nint)t * length);
        ref TElement previousX = ref Unsafe.Add(ref x, (nint)(t - 1) * length);
        ref TElement previousY = ref Unsafe.Add(ref y, (nint)(t - 1) * length);
        ref double rowTerms = ref SharedTerms<TElement>(ref terms, t, length);
        ref double previousTerms = ref SharedTerms<TElement>(ref terms, t - 1, length);
        double first = TSoftmax.Value ? OutputFactor<TElement>(previousSum) : previousMax;
        double second = TSoftmax.Value ? OutputFactorLow<TElement>(previousSum, previousLow) : previousSum;
        var sum = default(RowSum);
        int i = ExpSum<TLanes, TVector, TElement, TMode, Yes, TSoftmax, TNext>(ref rowX, ref rowY, ref rowTerms, length, 0, max, ref sum,
            ref previousTerms, ref previousX, ref previousY, first, second);
        ExpSum<ScalarLanes, double, TElement, TMode, Yes, TSoftmax, No>(ref rowX, ref rowY, ref rowTerms, length, i, max, ref sum,
            ref previousTerms, ref previousX, ref previousY, first, second);
        if (TNext.Value) nextMax = sum.NextMax;
        return sum;
    }

    /// <summary>One register of the previous row's output (see <see cref="SoftmaxLine{TLanes, TVector, TElement}"/>,
    /// <see cref="DifferenceLine{TLanes, TVector, TElement}"/> and <see cref="LogSoftmaxLine{TLanes, TVector, TElement}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputLine<TLanes, TVector, TElement, TSoftmax>(ref double terms, ref TElement x, ref TElement y, int i, TVector first, TVector second)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        if (TSoftmax.Value) SoftmaxLine<TLanes, TVector, TElement>(ref terms, ref y, i, first, second);
        else if (KeepsDifferences<TElement>()) DifferenceLine<TLanes, TVector, TElement>(ref terms, ref y, i, second);
        else LogSoftmaxLine<TLanes, TVector, TElement>(ref x, ref y, i, first, second);
    }
}
