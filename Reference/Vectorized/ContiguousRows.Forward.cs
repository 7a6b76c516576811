using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// Passes over one contiguous row (dim is the last dimension, or the row was gathered). Every pass takes the index to
/// start from and returns where it stopped: the driver runs it with the widest accelerated lanes, then with
/// <see cref="ScalarLanes"/> for the tail, so head, body and tail share one formula.
/// </summary>
internal static partial class ContiguousRows
{
    /// <summary>Most rows <see cref="Forward{TLanes, TVector, TElement}"/> takes at once (see Driver.GroupOf).</summary>
    public const int MaxRows = 4;

    /// <summary>
    /// y = softmax(x) or log_softmax(x) for <paramref name="rows"/> consecutive rows of <paramref name="length"/>
    /// elements, pass by pass: every row's maximum, then every row's sum, then every row's output. The passes are
    /// those of one row; only their order changes, so that the processor can run one row's pass while another's
    /// reduction (the lanes' sum, the division by it, the log) finishes, which a short row otherwise waits on (see
    /// Driver.GroupOf).
    /// </summary>
    /// <param name="op">softmax or log_softmax.</param>
    /// <param name="x">Element 0 of the first row.</param>
    /// <param name="y">Element 0 of the first output row.</param>
    /// <param name="terms">Room for <paramref name="rows"/> times <paramref name="length"/> doubles: softmax keeps
    /// exp(x - max) there, unrounded, between the sum and the output pass, float32 log_softmax x - max (for float64
    /// the driver passes y itself).</param>
    /// <param name="length">The row length C.</param>
    /// <param name="rows">1 to <see cref="MaxRows"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement x, ref TElement y, ref double terms, int length, int rows = 1)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        Span<double> max = stackalloc double[MaxRows], sum = stackalloc double[MaxRows], low = stackalloc double[MaxRows];
        for (int r = 0; r < rows; r++) max[r] = RowMax<TLanes, TVector, TElement>(ref Unsafe.Add(ref x, r * length), length);
        for (int r = 0; r < rows; r++) sum[r] = RowSum<TLanes, TVector, TElement>(op, ref x, ref y, ref Unsafe.Add(ref terms, r * length), length, r, max[r], out low[r]);
        for (int r = 0; r < rows; r++) Output<TLanes, TVector, TElement>(op, ref x, ref y, ref Unsafe.Add(ref terms, r * length), length, r, max[r], sum[r], low[r]);
    }

    /// <summary>
    /// y = softmax(x) or log_softmax(x) for <paramref name="rows"/> consecutive rows, software-pipelined: step t takes
    /// the maximum of row t + 1, the sum of row t (and its log, for log_softmax) and the output of row t - 1. The
    /// passes are those of <see cref="Forward{TLanes, TVector, TElement}"/>; every reduction (a maximum; a sum, then
    /// its reciprocal or its log) now has another row's whole pass after it before its result is needed, where a
    /// group has only the other rows' passes of the same kind (see Driver.Pipelines).
    /// </summary>
    /// <param name="op">softmax or log_softmax.</param>
    /// <param name="x">Element 0 of the first row.</param>
    /// <param name="y">Element 0 of the first output row.</param>
    /// <param name="terms">float32: room for two rows of doubles, which the rows take in turn (row t in slot t mod 2);
    /// float64: y itself. (The driver pipelines float64 rows only, see Driver.Pipelines.)</param>
    /// <param name="length">The row length C.</param>
    /// <param name="rows">How many rows, at least 1.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardPipelined<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement x, ref TElement y, ref double terms, int length, int rows)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        double nextMax = RowMax<TLanes, TVector, TElement>(ref x, length);
        double max = 0, sum = 0, low = 0, previousMax = 0, previousSum = 0, previousLow = 0;
        for (int t = 0; t <= rows; t++)
        {
            if (t < rows)
            {
                max = nextMax;
                if (t + 1 < rows) nextMax = RowMax<TLanes, TVector, TElement>(ref Unsafe.Add(ref x, (nint)(t + 1) * length), length);
                sum = RowSum<TLanes, TVector, TElement>(op, ref x, ref y, ref TermsOf<TElement>(ref terms, t, length), length, t, max, out low);
            }
            if (t > 0) Output<TLanes, TVector, TElement>(op, ref x, ref y, ref TermsOf<TElement>(ref terms, t - 1, length), length, t - 1, previousMax, previousSum, previousLow);
            previousMax = max;
            previousSum = sum;
            previousLow = low;
        }
    }

    /// <summary>Where <see cref="ForwardPipelined{TLanes, TVector, TElement}"/> keeps row <paramref name="r"/>'s
    /// softmax terms: float32 rows take two scratch rows in turn; float64 rows keep them in their own output row.</summary>
    private static ref double TermsOf<TElement>(ref double terms, int r, int length) where TElement : unmanaged =>
        ref Unsafe.Add(ref terms, (nint)(typeof(TElement) == typeof(float) ? r & 1 : r) * length);

    /// <summary>Row <paramref name="r"/>'s sum pass: the sum of its terms (softmax, keeping them in
    /// <paramref name="rowTerms"/>; <paramref name="low"/> what rounding it to double cut off), or log1p of the sum - 1
    /// (log_softmax; <paramref name="low"/> 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double RowSum<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement x, ref TElement y, ref double rowTerms, int length, int r, double max, out double low)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        ref TElement rowX = ref Unsafe.Add(ref x, (nint)r * length);
        ref TElement rowY = ref Unsafe.Add(ref y, (nint)r * length);
        low = 0;
        if (op != SoftmaxOp.Softmax) return Log1p.Of<TElement>(SumMinusOne<TLanes, TVector, TElement>(ref rowX, ref rowY, ref rowTerms, length, max));
        RowSum sum = ExpSum<TLanes, TVector, TElement, SoftmaxTerms>(ref rowX, ref rowY, ref rowTerms, length, max);
        low = sum.TotalLow;
        return sum.Total;
    }

    /// <summary>Row <paramref name="r"/>'s output pass: the widest lanes, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Output<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement x, ref TElement y, ref double rowTerms, int length, int r, double max, double sum, double sumLow)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        ref TElement rowY = ref Unsafe.Add(ref y, (nint)r * length);
        if (op == SoftmaxOp.Softmax)
        {
            int i = SoftmaxOutput<TLanes, TVector, TElement>(ref rowTerms, ref rowY, length, 0, sum, sumLow);
            SoftmaxOutput<ScalarLanes, double, TElement>(ref rowTerms, ref rowY, length, i, sum, sumLow);
        }
        else
        {
            ref TElement rowX = ref Unsafe.Add(ref x, (nint)r * length);
            int i = LogSoftmaxOutput<TLanes, TVector, TElement>(ref rowX, ref rowY, ref rowTerms, length, 0, max, sum);
            LogSoftmaxOutput<ScalarLanes, double, TElement>(ref rowX, ref rowY, ref rowTerms, length, i, max, sum);
        }
    }

    /// <summary>The row's largest element (float32 rows compare in float lanes, see <see cref="SingleMax"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double RowMax<TLanes, TVector, TElement>(ref TElement x, int length)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (typeof(TElement) == typeof(float)) return SingleMax.Of(ref Unsafe.As<TElement, float>(ref x), length);
        double max = double.NegativeInfinity;
        int i = Max<TLanes, TVector, TElement>(ref x, length, 0, ref max);
        Max<ScalarLanes, double, TElement>(ref x, length, i, ref max);
        return max;
    }

    /// <summary>The largest element. NaN may be skipped here: it reaches the sum through exp and poisons the row there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// Below this, sum - 1 is taken from a sum with the maxima's 1s counted apart (float32; float64 always counts
    /// them apart). Above it, the plain lane sum's error, at most about 1,600 u S (u = 2^-53; C = 50,257, see
    /// <see cref="PlainLaneSums{TElement}"/>), is below 2^-30 of sum - 1, so log1p(sum - 1) and every
    /// y = d - log1p(sum - 1) keep 6 bits more than float32 needs.
    /// </summary>
    private const double PlainSumAbove = 1.0 / 4096;

    /// <summary>
    /// sum exp(x - max) - 1, for log_softmax's log1p. The 1s of the maxima have to be kept apart from the other terms
    /// when those are tiny (one dominant logit), or the sum rounds them away; float32 rows first try the plain sum,
    /// without that per-element split, and redo the row with it only when the result is below
    /// <see cref="PlainSumAbove"/> (or NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SumMinusOne<TLanes, TVector, TElement>(ref TElement x, ref TElement y, ref double terms, int length, double max)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged =>
        ConfirmedSumMinusOne<TLanes, TVector, TElement>(ref x, ref y, ref terms, length, 0, max, FirstSumMinusOne<TLanes, TVector, TElement>(ref x, ref y, ref terms, length, max));

    /// <summary>The first try of <see cref="SumMinusOne{TLanes, TVector, TElement}"/>: float32 rows the plain sum
    /// (to be confirmed), float64 rows the sum with the maxima's 1s apart (final).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FirstSumMinusOne<TLanes, TVector, TElement>(ref TElement x, ref TElement y, ref double terms, int length, double max)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged =>
        typeof(TElement) == typeof(float)
            ? ExpSum<TLanes, TVector, TElement, PlainSum>(ref x, ref y, ref terms, length, max).PlainTotal - 1.0
            : ExpSum<TLanes, TVector, TElement, OnesApart>(ref x, ref y, ref terms, length, max).Rest;

    /// <summary>Row <paramref name="r"/>'s sum - 1 from its first try <paramref name="rest"/>: kept unless a float32
    /// row's plain sum is below <see cref="PlainSumAbove"/> (or NaN), which is summed again with the maxima's 1s
    /// apart (this reads x only: the plain pass has kept the row's differences).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ConfirmedSumMinusOne<TLanes, TVector, TElement>(ref TElement x, ref TElement y, ref double terms, int length, int r, double max, double rest)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (typeof(TElement) != typeof(float) || rest >= PlainSumAbove) return rest;
        ref TElement row = ref Unsafe.Add(ref x, (nint)r * length);
        return ExpSum<TLanes, TVector, TElement, OnesApart>(ref row, ref Unsafe.Add(ref y, (nint)r * length), ref terms, length, max).Rest;
    }

    /// <summary>The whole row's sum of exp(x - max): the widest lanes, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static RowSum ExpSum<TLanes, TVector, TElement, TMode>(ref TElement x, ref TElement y, ref double terms, int length, double max)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TMode : ITermMode
    {
        var sum = default(RowSum);
        int i = ExpSum<TLanes, TVector, TElement, TMode, No, No, No>(ref x, ref y, ref terms, length, 0, max, ref sum, ref terms, ref x, ref y, 0, 0);
        ExpSum<ScalarLanes, double, TElement, TMode, No, No, No>(ref x, ref y, ref terms, length, i, max, ref sum, ref terms, ref x, ref y, 0, 0);
        return sum;
    }

    /// <summary>
    /// Rows up to this length prefetch two rows ahead, not one, when the loop takes the next row's maximum on the way
    /// (<c>TNext</c>): that row is read in the same loop now, too late for a hint issued there, so the hints go to the row
    /// after it. Longer rows keep one row ahead: for 32 x 50257 three rows in flight no longer fit L2 with the scratch
    /// row (measured: up to 7% slower two ahead, 1-2% faster one ahead; 1024 x 4096 1-5% faster two ahead, 6-11% slower
    /// one ahead).
    /// </summary>
    private const int FarPrefetchLength = 16384;

    /// <summary>
    /// Adds exp(x - max) into <paramref name="sum"/>, from index <paramref name="i"/> on, as <typeparamref name="TMode"/>
    /// says: keeping the terms in <paramref name="terms"/>, unrounded (softmax), or counting the maxima's exact 1s
    /// apart (log_softmax's split), or neither. The next row's lines are prefetched for its max pass
    /// (<see cref="RowPrefetch"/>).
    /// </summary>
    /// <remarks>
    /// Without <c>TWrites</c> (a pass of its own), <paramref name="y"/> is not written here: its lines are prefetched
    /// for the output pass that follows, and the previous row's arguments are ignored. With <c>TWrites</c>
    /// (<see cref="ForwardOverlapped{TLanes, TVector, TElement}"/>), the previous row's output register at each index
    /// is written before the term there is computed (float32 rows share their scratch row of terms), and its output
    /// lines are prefetched a little ahead of the stores: <c>TSoftmax</c> picks softmax's output,
    /// <paramref name="previousTerms"/> times <paramref name="first"/> (the reciprocal of the sum) or divided by it,
    /// or log_softmax's, (<paramref name="previousX"/> - <paramref name="first"/>) - <paramref name="second"/>
    /// (max, then log(sum)), for float32 rows the kept difference in <paramref name="previousTerms"/> minus
    /// <paramref name="second"/>. With <c>TNext</c> (float32 rows in 512-bit lanes, see ForwardOverlapped) the loop
    /// also takes the maximum of the row after this one, in float lanes, into <see cref="RowSum.NextMax"/>; the elements
    /// after the 32-element blocks one by one.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ExpSum<TLanes, TVector, TElement, TMode, TWrites, TSoftmax, TNext>(ref TElement x, ref TElement y, ref double terms, int length, int i, double max, ref RowSum sum,
        ref double previousTerms, ref TElement previousX, ref TElement previousY, double first, double second)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
        where TMode : ITermMode where TWrites : IFlag where TSoftmax : IFlag where TNext : IFlag
    {
        ref float nextRow = ref Unsafe.As<TElement, float>(ref TNext.Value ? ref Unsafe.Add(ref x, length) : ref x);
        Vector512<float> nextMax0 = Vector512.Create(float.NegativeInfinity), nextMax1 = nextMax0;
        int w = TLanes.Count;
        if (length - i < w) return i;
        TVector m = TLanes.Create(max), floor = TLanes.Create(Element.Floor(max));
        TVector zero = TLanes.Create(0.0);
        TVector f = TLanes.Create(first), s = TLanes.Create(second);
        TVector total = zero, compensation = zero, ones = zero;
        RowPrefetch next = RowPrefetch.NextAfter(ref TNext.Value && length <= FarPrefetchLength ? ref Unsafe.Add(ref x, length) : ref x, length);
        RowPrefetch output = RowPrefetch.OutputOf(ref TWrites.Value ? ref previousY : ref y, length);
        int lead = TWrites.Value ? OutputLead : 0;
        // typeof(TElement) == typeof(float) rather than PlainLaneSums in this body: the JIT folds the test as it reads
        // the method, before it spends its inlining budget on both branches (with a local flag it ran out, and left exp
        // and the terms as calls: 3-5x slower)
        // float64: every addition error-free (ExactAccumulate: softmax Fast2Sum on accumulators that start at 2, above
        // every term; log_softmax's sum without the maxima's 1s TwoSum from 0); float32: plain sums.
        // (typeof tests, which the JIT folds as it reads the method: see Accumulate)
        TVector start = typeof(TElement) == typeof(float) || typeof(TMode) == typeof(OnesApart) ? zero : TLanes.Create(ExactStart);
        while (length - i >= 4 * w)
        {
            int iterations = (length - i) / (4 * w);
            TVector a0 = start, a1 = start, a2 = start, a3 = start;
            TVector e0 = zero, e1 = zero, e2 = zero, e3 = zero;
            for (int k = 0; k < iterations; k++, i += 4 * w)
            {
                next.Prefetch<TElement>(i, 4 * w);
                output.Prefetch<TElement>(i + lead, 4 * w);
                if (TNext.Value)
                {
                    nextMax0 = Vector512.MaxNative(Vector512.LoadUnsafe(ref nextRow, (nuint)i), nextMax0);
                    nextMax1 = Vector512.MaxNative(Vector512.LoadUnsafe(ref nextRow, (nuint)(i + 16)), nextMax1);
                }
                if (TWrites.Value)
                {
                    OutputLine<TLanes, TVector, TElement, TSoftmax>(ref previousTerms, ref previousX, ref previousY, i, f, s);
                    OutputLine<TLanes, TVector, TElement, TSoftmax>(ref previousTerms, ref previousX, ref previousY, i + w, f, s);
                    OutputLine<TLanes, TVector, TElement, TSoftmax>(ref previousTerms, ref previousX, ref previousY, i + 2 * w, f, s);
                    OutputLine<TLanes, TVector, TElement, TSoftmax>(ref previousTerms, ref previousX, ref previousY, i + 3 * w, f, s);
                }
                if (typeof(TElement) == typeof(float))
                {
                    a0 = Accumulate<TLanes, TVector, TElement, TMode>(a0, ref x, ref terms, i, m, floor, ref ones);
                    a1 = Accumulate<TLanes, TVector, TElement, TMode>(a1, ref x, ref terms, i + w, m, floor, ref ones);
                    a2 = Accumulate<TLanes, TVector, TElement, TMode>(a2, ref x, ref terms, i + 2 * w, m, floor, ref ones);
                    a3 = Accumulate<TLanes, TVector, TElement, TMode>(a3, ref x, ref terms, i + 3 * w, m, floor, ref ones);
                }
                else
                {
                    // ExactAccumulate written out: as a call (the JIT did not inline it here) the accumulators went
                    // through memory, 3-5x slower
                    TVector t0 = Term<TLanes, TVector, TElement, TMode>(ref x, ref terms, i, m, floor, ref ones);
                    TVector s0 = TLanes.Add(a0, t0);
                    e0 = TLanes.Add(e0, typeof(TMode) == typeof(OnesApart) ? TwoSumError<TLanes, TVector>(a0, t0, s0) : TLanes.Subtract(t0, TLanes.Subtract(s0, a0)));
                    a0 = s0;
                    TVector t1 = Term<TLanes, TVector, TElement, TMode>(ref x, ref terms, i + w, m, floor, ref ones);
                    TVector s1 = TLanes.Add(a1, t1);
                    e1 = TLanes.Add(e1, typeof(TMode) == typeof(OnesApart) ? TwoSumError<TLanes, TVector>(a1, t1, s1) : TLanes.Subtract(t1, TLanes.Subtract(s1, a1)));
                    a1 = s1;
                    TVector t2 = Term<TLanes, TVector, TElement, TMode>(ref x, ref terms, i + 2 * w, m, floor, ref ones);
                    TVector s2 = TLanes.Add(a2, t2);
                    e2 = TLanes.Add(e2, typeof(TMode) == typeof(OnesApart) ? TwoSumError<TLanes, TVector>(a2, t2, s2) : TLanes.Subtract(t2, TLanes.Subtract(s2, a2)));
                    a2 = s2;
                    TVector t3 = Term<TLanes, TVector, TElement, TMode>(ref x, ref terms, i + 3 * w, m, floor, ref ones);
                    TVector s3 = TLanes.Add(a3, t3);
                    e3 = TLanes.Add(e3, typeof(TMode) == typeof(OnesApart) ? TwoSumError<TLanes, TVector>(a3, t3, s3) : TLanes.Subtract(t3, TLanes.Subtract(s3, a3)));
                    a3 = s3;
                }
            }
            if (typeof(TElement) == typeof(float))
            {
                total = TLanes.Add(total, TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3)));
            }
            else
            {
                // a - 2 is exact (2 <= a < 2^53); each goes in with TwoSum, the errors' sums (tiny) plainly.
                CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Subtract(a0, start));
                CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Subtract(a1, start));
                CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Subtract(a2, start));
                CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Subtract(a3, start));
                compensation = TLanes.Add(compensation, TLanes.Add(TLanes.Add(e0, e1), TLanes.Add(e2, e3)));
            }
        }
        if (TNext.Value)
        {
            float nextMax = SingleMax.Across(Vector512.MaxNative(nextMax0, nextMax1));
            for (int c = i; c < length; c++)
            {
                float value = Unsafe.Add(ref nextRow, c);
                if (value > nextMax) nextMax = value;
            }
            sum.NextMax = nextMax;
        }
        for (; i <= length - w; i += w)
        {
            if (TWrites.Value) OutputLine<TLanes, TVector, TElement, TSoftmax>(ref previousTerms, ref previousX, ref previousY, i, f, s);
            if (typeof(TElement) == typeof(float)) total = Accumulate<TLanes, TVector, TElement, TMode>(total, ref x, ref terms, i, m, floor, ref ones);
            else CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, Term<TLanes, TVector, TElement, TMode>(ref x, ref terms, i, m, floor, ref ones));
        }
        double splitOnes = TMode.SplitOnes ? TLanes.Sum(ones) : 0.0;
        if (typeof(TElement) == typeof(float))
        {
            sum.AddPlain(TLanes.Sum(total), splitOnes);
        }
        else
        {
            // lane by lane with TwoSum: a plain sum across the lanes would cost log2(W) roundings of the whole sum
            for (int j = 0; j < w; j++) sum.Add(TLanes.GetElement(total, j), TLanes.GetElement(compensation, j), 0.0);
            sum.Ones += splitOnes;
        }
        return i;
    }

    /// <summary>Where the float64 sums' accumulators start: 2, above every term (at most 1), so that
    /// <see cref="ExactAccumulate{TLanes, TVector}"/>'s Fast2Sum is exact; taken off exactly at the end.</summary>
    internal const double ExactStart = 2.0;

    /// <summary>
    /// sum += term with its rounding error carried exactly into <paramref name="error"/>: the float64 row sums are
    /// then within about (n u)^2 of the exact sum of their terms (n the additions per lane) plus the error
    /// register's own roundings, instead of about (8 + log2(4W) + 3) u with plain blocks of 8 (measured 3u: 3 ULP
    /// of softmax outputs).
    /// 1. Softmax (terms at most 1, the sum at least 1): Dekker's Fast2Sum on accumulators that start at 2, exact
    ///    because sum &gt;= 2 &gt;= term; three operations more than a plain addition. The error register only takes
    ///    residues below ulp(sum) / 2, so its own roundings stay below n u^2 of the sum.
    /// 2. log_softmax's sum without the maxima's 1s (<paramref name="twoSum"/>), which can be far below 1 (a dominant
    ///    logit) and must stay accurate relative to itself: from 2 the error register would sum the terms plainly
    ///    (measured 18 ULP at 4099 terms of e^-80); Knuth's TwoSum from 0 instead, five operations more.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ExactAccumulate<TLanes, TVector>(ref TVector sum, ref TVector error, TVector term, bool twoSum)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        TVector s = TLanes.Add(sum, term);
        if (twoSum)
        {
            TVector sumPart = TLanes.Subtract(s, term);
            TVector termPart = TLanes.Subtract(s, sumPart);
            error = TLanes.Add(error, TLanes.Add(TLanes.Subtract(sum, sumPart), TLanes.Subtract(term, termPart)));
        }
        else
        {
            error = TLanes.Add(error, TLanes.Subtract(term, TLanes.Subtract(s, sum)));
        }
        sum = s;
    }

    /// <summary>
    /// Whether a row's sums (of exp terms forward, of y dy or dy backward) are taken plainly in the double lanes (one
    /// running sum per lane, then across the lanes) instead of in compensated blocks: for float32 rows. There the
    /// sum's relative error, at most (C / 4W + log2(4W) + 2) u with u = 2^-53 (2e-13 of the sum of magnitudes for
    /// C = 50,257), stays 2^-19 below a float32 ulp however long the row, and skipping the TwoSum steps shortens the
    /// chain of dependent operations between a row's last term and its output pass, which is what short rows wait on
    /// (measured: 64 x 128 float32 softmax forward 10% faster, backward 7%). float64 rows keep the compensated
    /// blocks, whose error does not grow with C (<see cref="CompensatedSum"/>).
    /// </summary>
    private static bool PlainLaneSums<TElement>() => typeof(TElement) == typeof(float);

    /// <summary>
    /// <paramref name="sum"/> plus the term at <paramref name="i"/> (see <see cref="Term{TLanes, TVector, TElement, TMode}"/>).
    /// float32 log_softmax's plain sum, which keeps no term, takes exp's two factors in one fused multiply-add
    /// (<see cref="VectorExp.ForSingleFactors{TLanes, TVector}"/>): one vector operation fewer per register than the
    /// product and the addition, and one rounding fewer. Measured on float32 log_softmax forward (minimum of many
    /// runs, alternating): 3-6% faster.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Accumulate<TLanes, TVector, TElement, TMode>(TVector sum, ref TElement x, ref double terms, int i, TVector m, TVector floor, ref TVector ones)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TMode : ITermMode
    {
        // typeof tests, which the JIT folds as it reads the method: a test of TMode's properties would keep both
        // branches until after inlining, and the softmax passes then ran out of inlining budget (3x slower).
        if (typeof(TElement) == typeof(float) && typeof(TMode) == typeof(PlainSum))
        {
            TVector d = TLanes.Subtract(Element.Load<TLanes, TVector, TElement>(ref x, i), m);
            if (TMode.KeepDifferences) TLanes.Store(d, ref Unsafe.Add(ref terms, i));
            (TVector mantissa, TVector scale) = VectorExp.ForSingleFactors<TLanes, TVector>(d);
            return TLanes.MultiplyAdd(mantissa, scale, sum);
        }
        return TLanes.Add(sum, Term<TLanes, TVector, TElement, TMode>(ref x, ref terms, i, m, floor, ref ones));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Term<TLanes, TVector, TElement, TMode>(ref TElement x, ref double terms, int i, TVector m, TVector floor, ref TVector ones)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TMode : ITermMode
    {
        TVector e = Element.ExpOfDifference<TLanes, TVector, TElement>(Element.Load<TLanes, TVector, TElement>(ref x, i), m, floor, out TVector d);
        if (TMode.KeepDifferences) TLanes.Store(d, ref Unsafe.Add(ref terms, i));
        if (TMode.SplitOnes)
        {
            TVector zero = TLanes.Create(0.0);
            TVector isMax = TLanes.EqualsMask(d, zero);
            ones = TLanes.Add(ones, TLanes.Select(isMax, TLanes.Create(1.0), zero));
            return TLanes.Select(isMax, zero, e);
        }
        if (TMode.KeepTerms) TLanes.Store(e, ref Unsafe.Add(ref terms, i));
        return e;
    }

    /// <summary>y = terms / sum: float32 multiplies by the reciprocal in double (error 2 roundings of 2^-53, far
    /// below the one rounding to float that follows); float64 multiplies by the reciprocal as a double-double
    /// (see <see cref="SoftmaxLine{TLanes, TVector, TElement}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SoftmaxOutput<TLanes, TVector, TElement>(ref double terms, ref TElement y, int length, int i, double total, double totalLow)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        int w = TLanes.Count;
        TVector factor = TLanes.Create(OutputFactor<TElement>(total));
        TVector factorLow = TLanes.Create(OutputFactorLow<TElement>(total, totalLow));
        for (; i <= length - w; i += w) SoftmaxLine<TLanes, TVector, TElement>(ref terms, ref y, i, factor, factorLow);
        return i;
    }

    /// <summary>What <see cref="SoftmaxLine{TLanes, TVector, TElement}"/> takes for a row whose sum is
    /// <paramref name="total"/>: its reciprocal (float32; float64 the reciprocal's high word).</summary>
    private static double OutputFactor<TElement>(double total) where TElement : unmanaged => 1.0 / total;

    /// <summary>
    /// float64: the low word of 1 / S for S = <paramref name="total"/> + <paramref name="totalLow"/> (a
    /// double-double): with i = RN(1 / total), 1 - i total is exact (one fused multiply-add), less i totalLow,
    /// times i: 1 / S = i + that, to about 2^-104 relative. float32: 0 (unused).
    /// </summary>
    private static double OutputFactorLow<TElement>(double total, double totalLow) where TElement : unmanaged
    {
        if (typeof(TElement) == typeof(float)) return 0.0;
        double inverse = 1.0 / total;
        double remainder = Math.FusedMultiplyAdd(-inverse, total, 1.0);
        return inverse * Math.FusedMultiplyAdd(-inverse, totalLow, remainder);
    }

    /// <summary>
    /// One register of softmax output: y[i..] = terms[i..] times <paramref name="factor"/>, the reciprocal of the sum
    /// (float32); float64 times the reciprocal (<paramref name="factor"/>, <paramref name="factorLow"/>) as a
    /// double-double: p = e i_hi, its error e i_hi - p exact by a fused multiply-add, plus e i_lo, added to p with
    /// one rounding. The product before that rounding is within about 2^-104 relative of e / S, so the rounding
    /// is the only one (0.5 ulp); the division it replaces (half an ulp too) took the sum rounded to double, another
    /// 0.5 u relative.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SoftmaxLine<TLanes, TVector, TElement>(ref double terms, ref TElement y, int i, TVector factor, TVector factorLow)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        TVector term = TLanes.Load(ref Unsafe.Add(ref terms, i));
        if (typeof(TElement) == typeof(float))
        {
            Element.Store<TLanes, TVector, TElement>(TLanes.Multiply(term, factor), ref y, i);
            return;
        }
        TVector product = TLanes.Multiply(term, factor);
        TVector error = TLanes.MultiplyAdd(term, factor, TLanes.Subtract(TLanes.Create(0.0), product));
        Element.Store<TLanes, TVector, TElement>(TLanes.Add(product, TLanes.MultiplyAdd(term, factorLow, error)), ref y, i);
    }

    /// <summary>y = (x - max) - log(sum): float32 rows from the differences x - max their sum pass kept
    /// (<see cref="KeepsDifferences{TElement}"/>), float64 rows from x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int LogSoftmaxOutput<TLanes, TVector, TElement>(ref TElement x, ref TElement y, ref double differences, int length, int i, double max, double logSum)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        int w = TLanes.Count;
        TVector l = TLanes.Create(logSum);
        if (KeepsDifferences<TElement>())
        {
            for (; i <= length - w; i += w) DifferenceLine<TLanes, TVector, TElement>(ref differences, ref y, i, l);
        }
        else
        {
            TVector m = TLanes.Create(max);
            for (; i <= length - w; i += w) LogSoftmaxLine<TLanes, TVector, TElement>(ref x, ref y, i, m, l);
        }
        return i;
    }

    /// <summary>
    /// Whether log_softmax's sum pass keeps each d = x - max, unrounded, in the scratch row for the output pass
    /// (<see cref="PlainSum"/>, float32 rows): the output pass then loads d and subtracts log(sum), where from x it
    /// would widen x to double again, subtract max and log(sum), and narrow: two vector operations fewer per register
    /// (the widening takes two) and the same bits. Measured on float32 log_softmax forward (minimum of many runs,
    /// alternating): 64 x 128 6-7% faster, 256 x 1000 10-13%, 32 x 50257 and 1024 x 4096 unchanged. float64 rows keep
    /// no scratch (their terms would go into y): storing d there measured 1-8% slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool KeepsDifferences<TElement>() where TElement : unmanaged => typeof(TElement) == typeof(float);

    /// <summary>One register of log_softmax output from x: y[i..] = (x[i..] - <paramref name="max"/>) - <paramref name="logSum"/>
    /// (see <see cref="LogSoftmaxValue{TLanes, TVector}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LogSoftmaxLine<TLanes, TVector, TElement>(ref TElement x, ref TElement y, int i, TVector max, TVector logSum)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        TVector value = Element.Load<TLanes, TVector, TElement>(ref x, i);
        Element.Store<TLanes, TVector, TElement>(typeof(TElement) == typeof(float)
            ? TLanes.Subtract(TLanes.Subtract(value, max), logSum)
            : LogSoftmaxValue<TLanes, TVector>(value, max, logSum), ref y, i);
    }

    /// <summary>
    /// float64 y = (x - max) - L rounded once: d = x - max and d - L each as TwoSum (d + d_lo, s + s_lo exactly),
    /// y = s + (s_lo + d_lo). Two plain subtractions would round twice and drop x - max's low word (half an ulp of
    /// d, up to half an ulp of y each); here the error is 0.5 ulp of y plus L's own (see <see cref="Log1p.Of(double)"/>).
    /// -inf stays -inf: the low words are then NaN, and the result is taken from s where s is infinite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector LogSoftmaxValue<TLanes, TVector>(TVector x, TVector max, TVector logSum)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        TVector d = TLanes.Subtract(x, max);
        TVector dLow = TwoSumError<TLanes, TVector>(x, TLanes.Subtract(TLanes.Create(0.0), max), d);
        TVector s = TLanes.Subtract(d, logSum);
        TVector sLow = TwoSumError<TLanes, TVector>(d, TLanes.Subtract(TLanes.Create(0.0), logSum), s);
        TVector y = TLanes.Add(s, TLanes.Add(sLow, dLow));
        TVector finite = TLanes.EqualsMask(TLanes.Subtract(s, s), TLanes.Create(0.0));
        return TLanes.Select(finite, y, s);
    }

    /// <summary>a + b - s for s = RN(a + b): Knuth's TwoSum error, exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector TwoSumError<TLanes, TVector>(TVector a, TVector b, TVector s)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        TVector aPart = TLanes.Subtract(s, b);
        TVector bPart = TLanes.Subtract(s, aPart);
        return TLanes.Add(TLanes.Subtract(a, aPart), TLanes.Subtract(b, bPart));
    }

    /// <summary>One register of log_softmax output from the kept differences: y[i..] = d[i..] - log(sum), d = x - max.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DifferenceLine<TLanes, TVector, TElement>(ref double differences, ref TElement y, int i, TVector logSum)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        TVector d = TLanes.Load(ref Unsafe.Add(ref differences, i));
        Element.Store<TLanes, TVector, TElement>(TLanes.Subtract(d, logSum), ref y, i);
    }
}
