using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

internal static partial class ContiguousRows
{
    /// <summary>
    /// Blocks of this many iterations (of 4 registers, 64 elements) add their low words into one float register, which
    /// then goes to the double sum (see <see cref="SingleSum{TLog, TWrites}"/>).
    /// </summary>
    private const int LowBlock = 4;

    /// <summary>The running sums' high words start here, above every term (below 2^44.1, see
    /// <see cref="EstimateSlack"/>), so that each addition's error is exact in one more subtraction (Fast2Sum). Not much
    /// higher: each error is up to half an ulp of this start, and the low words add them in float (2^-24 of their
    /// sum): from 2^45 they are at most 2^-13 of a term near the row's maximum, whose own share of the sum they are.</summary>
    private const float HighStart = 35184372088832f; // 2^45

    /// <summary>Outputs are formed 2^64 times too large, then scaled down by one exact-or-once-rounded product (see
    /// <see cref="SingleSoftmaxLine"/>).</summary>
    private const int OutputHeadroom = 64;

    /// <summary>2^-64, which scales the outputs back.</summary>
    private const float OutputScale = 1f / 18446744073709551616f;

    /// <summary>
    /// How far ahead, in elements, <see cref="SingleSum{TLog, TWrites}"/> hints the previous row's output
    /// lines and the scratch row's into L1. With the double lanes' L2 hints (<see cref="OutputLead"/>) this loop,
    /// a third shorter in vector operations, waited on those lines: without the output 0.35 ns/element on 32 x 50257,
    /// with it 0.60. Measured (minimum of many runs, alternating): the L1 hints 256 elements ahead for y 15% faster
    /// there, 512 ahead for y and the scratch row 19%; 1024 ahead no better.
    /// </summary>
    private const int NearLead = 512;

    /// <summary>
    /// float32 softmax of rows of at least Driver.SingleLaneLength elements in 16 float lanes (AVX-512), overlapped as
    /// <see cref="ForwardOverlapped{TLanes, TVector, TElement}"/> is: step t estimates row t's maximum from its first
    /// elements (<see cref="EstimatedMax"/>), then one loop computes row t's terms, sum and true maximum and, at the
    /// same index, row t - 1's output. Rows whose estimate lies in <see cref="SingleExp.Takes"/>'s range compute their
    /// terms with <see cref="SingleExp"/> (E = 2^c exp(x) as two floats); the others take the double lanes
    /// (exp(x - max), as <see cref="ForwardOverlapped{TLanes, TVector, TElement}"/>); a row next to one of the other
    /// kind runs its passes on its own.
    /// </summary>
    /// <remarks>
    /// <para>Each row keeps its terms in the one scratch row of doubles, read as floats: register b (elements 16b to
    /// 16b + 15) has its high words at float 32b and its low words at float 32b + 16; the last C mod 16 elements
    /// (under a mask) their high words at float 2i and their low words after those.</para>
    /// <para>Accuracy of an output (relative, before its one rounding to float32): the terms 2.9e-9
    /// (<see cref="SingleExp"/>); the sum (high words added exactly in pairs, low words in float for 4 iterations then
    /// in double) 2.9e-9 plus 3.3e-9; the output's low part 6.5e-10: 1e-8, a third of the 2^-25 within which the
    /// rounding stays within 1 ULP. Subnormal outputs are formed 2^64 times larger and rounded once more by the
    /// scaling: at most 3/4 ULP then.</para>
    /// <para>Per 16 elements: the exp 12 vector operations, the sum 5.6, the output 4, the row's maximum 1: about
    /// 22.6, where double lanes take 35 (17.5 per 8 elements). Measured, that buys less than the count says: without
    /// the output pass 32 x 50257 ran at 0.35 ns/element against the double lanes' 0.46, with it at 0.50-0.52 against
    /// 0.55 (0.48-0.49 since each row is read once). The loop waits on memory: per element it moves about 28 bytes
    /// between L1 and L2 (the row, the scratch row's 8 in and 8 out, the output's line in and out). Non-temporal
    /// output stores were slower again (the output then goes to memory).</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SingleSoftmaxOverlapped(ref float x, ref float y, ref double terms, int length, int rows)
    {
        double previousMax = 0, previousSum = 0;
        bool previousFast = false;
        for (int t = 0; t < rows; t++)
        {
            ref float rowX = ref Unsafe.Add(ref x, (nint)t * length);
            ref float rowY = ref Unsafe.Add(ref y, (nint)t * length);
            double estimate = EstimatedMax(ref rowX, length);
            double max = 0, sum = 0;
            bool fast = false;
            if (SingleExp.Takes(estimate))
            {
                var row = new SingleExp.Row(estimate);
                (double Sum, float Max) found;
                if (t > 0 && previousFast)
                {
                    (Vector512<float> high, Vector512<float> low) = OutputFactors(previousSum);
                    found = SingleSum<No, Yes>(ref rowX, ref terms, length, row, ref rowX, ref Unsafe.Add(ref y, (nint)(t - 1) * length), high, low);
                }
                else
                {
                    if (t > 0) SingleSoftmaxOutput(ref x, ref y, ref terms, length, t - 1, previousFast, previousMax, previousSum);
                    found = SingleSum<No, No>(ref rowX, ref terms, length, row, ref rowX, ref rowY, default, default);
                }
                (max, sum, fast) = (found.Max, found.Sum, true);
                if (!(found.Max <= estimate + EstimateSlack))
                {
                    // Far above its first elements' maximum (or NaN): the terms may exceed the pair sums' bound. Again,
                    // from the maximum now known (the previous row's output is written).
                    fast = SingleExp.Takes(max);
                    sum = fast
                        ? SingleSum<No, No>(ref rowX, ref terms, length, new SingleExp.Row(max), ref rowX, ref rowY, default, default).Sum
                        : ExpSum<Lanes512, Vector512<double>, float, SoftmaxTerms>(ref rowX, ref rowY, ref terms, length, max).Total;
                }
            }
            else
            {
                if (t > 0) SingleSoftmaxOutput(ref x, ref y, ref terms, length, t - 1, previousFast, previousMax, previousSum);
                max = RowMax<Lanes512, Vector512<double>, float>(ref rowX, length);
                fast = SingleExp.Takes(max);
                sum = fast
                    ? SingleSum<No, No>(ref rowX, ref terms, length, new SingleExp.Row(max), ref rowX, ref rowY, default, default).Sum
                    : ExpSum<Lanes512, Vector512<double>, float, SoftmaxTerms>(ref rowX, ref rowY, ref terms, length, max).Total;
            }
            previousMax = max;
            previousSum = sum;
            previousFast = fast;
        }
        SingleSoftmaxOutput(ref x, ref y, ref terms, length, rows - 1, previousFast, previousMax, previousSum);
    }

    /// <summary>
    /// How many elements at a row's start give the float lanes' estimate of its maximum (<see cref="EstimatedMax"/>);
    /// the row's true maximum is taken in the sum's own loop (one float maximum per register). Where the double lanes'
    /// maximum came from a pass of its own or from the previous row's loop, which read every row twice (once from L3,
    /// once from L2), measured without it (minimum of many runs, alternating): 32 x 50257 8% faster, 1024 x 4096 11%.
    /// </summary>
    private const int EstimateLength = 1024;

    /// <summary>
    /// How far above the estimate a row's maximum may lie: terms then stay below 2^(32.5 + 8 log2 e) = 2^44.1, under the
    /// pair sums' start <see cref="HighStart"/>, and |x| under 117 (SingleExp's reduction holds to 169). The clamp
    /// sits at estimate - 104, at or below max - 104, so the outputs it touches are still 0. A row beyond it is summed
    /// again from its maximum. (For rows of normal logits of deviation s, the largest of 50,257 lies about 1.1 s above
    /// the largest of the first 1024: s up to about 7 passes.)
    /// </summary>
    private const double EstimateSlack = 8;

    /// <summary>The maximum of the row's first <see cref="EstimateLength"/> elements.</summary>
    private static double EstimatedMax(ref float x, int length) => SingleMax.Of(ref x, Math.Min(length, EstimateLength));

    /// <summary>
    /// log_softmax's float lane rows are taken only when log(sum exp(x - max)) is at least this: then every output
    /// |y| = |x - max - log(sum)| is at least 1/2, and the float lane sum's error, 6.2e-9 relative (terms 2.9e-9, low
    /// words 3.3e-9), is an error of G = max + log(sum) below 2^-25 |y| / 2.4, within the 1-ULP bound with room. (A
    /// row whose one dominant logit makes the sum nearly 1 needs the sum - 1 to float32 precision, which only the double
    /// lanes' exact exp(0) = 1 gives: <see cref="SumMinusOne{TLanes, TVector, TElement}"/>.)
    /// </summary>
    private const double FloatLogSumAbove = 0.5;

    /// <summary>
    /// float32 log_softmax of rows of at least Driver.SingleLaneLength elements in 16 float lanes, overlapped as
    /// <see cref="SingleSoftmaxOverlapped"/> is: step t takes row t's sum of terms 2^c exp(x) and writes row t - 1's
    /// output from its x, y = x - G (<see cref="SingleLogLine"/>), so no scratch row is read or written. Rows whose
    /// maximum lies outside <see cref="SingleExp.Takes"/>'s range, or whose log(sum) comes out below
    /// <see cref="FloatLogSumAbove"/> (computed again), take the double lanes on their own; after such a row the next
    /// row goes straight to the double lanes unless that row's log(sum) reached the bound (rows of one batch tend to
    /// be alike, so a run of dominant logits pays for its float sums once).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SingleLogSoftmaxOverlapped(ref float x, ref float y, ref double terms, int length, int rows)
    {
        bool pending = false, doubleLanes = false;
        double previousG = 0;
        for (int t = 0; t < rows; t++)
        {
            ref float rowX = ref Unsafe.Add(ref x, (nint)t * length);
            ref float rowY = ref Unsafe.Add(ref y, (nint)t * length);
            double estimate = doubleLanes ? double.NaN : EstimatedMax(ref rowX, length);
            double max;
            if (SingleExp.Takes(estimate))
            {
                var row = new SingleExp.Row(estimate);
                (double Sum, float Max) found;
                if (pending)
                {
                    ref float previousX = ref Unsafe.Add(ref x, (nint)(t - 1) * length);
                    ref float previousY = ref Unsafe.Add(ref y, (nint)(t - 1) * length);
                    (Vector512<float> negativeHigh, Vector512<float> low) = LogFactors(previousG);
                    found = SingleSum<Yes, Yes>(ref rowX, ref terms, length, row, ref previousX, ref previousY, negativeHigh, low);
                }
                else
                {
                    found = SingleSum<Yes, No>(ref rowX, ref terms, length, row, ref rowX, ref rowY, default, default);
                }
                pending = false;
                max = found.Max;
                if (found.Max <= estimate + EstimateSlack)
                {
                    double g = Math.Log(found.Sum) - row.Scale * 0.6931471805599453;
                    if (g - max >= FloatLogSumAbove)
                    {
                        pending = true;
                        previousG = g;
                        continue;
                    }
                }
            }
            else
            {
                if (pending)
                {
                    SingleLogOutput(ref Unsafe.Add(ref x, (nint)(t - 1) * length), ref Unsafe.Add(ref y, (nint)(t - 1) * length), length, previousG);
                    pending = false;
                }
                max = RowMax<Lanes512, Vector512<double>, float>(ref rowX, length);
            }
            double logSum = RowSum<Lanes512, Vector512<double>, float>(SoftmaxOp.LogSoftmax, ref x, ref y, ref terms, length, t, max, out _);
            Output<Lanes512, Vector512<double>, float>(SoftmaxOp.LogSoftmax, ref x, ref y, ref terms, length, t, max, logSum, 0);
            doubleLanes = !(logSum >= FloatLogSumAbove);
        }
        if (pending) SingleLogOutput(ref Unsafe.Add(ref x, (nint)(rows - 1) * length), ref Unsafe.Add(ref y, (nint)(rows - 1) * length), length, previousG);
    }

    /// <summary>A float lane row's log_softmax output on its own (see <see cref="SingleLogLine"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleLogOutput(ref float x, ref float y, int length, double g)
    {
        (Vector512<float> negativeHigh, Vector512<float> low) = LogFactors(g);
        int i = 0;
        for (; i <= length - 16; i += 16) SingleLogLine(ref x, ref y, i, negativeHigh, low);
        if (i < length) SingleLogTailLine(ref x, ref y, i, TailMask(length - i), negativeHigh, low);
    }

    /// <summary>G = max + log(sum) as -g_hi and g_lo, two floats (G to 2^-48).</summary>
    private static (Vector512<float> NegativeHigh, Vector512<float> Low) LogFactors(double g)
    {
        float high = (float)g;
        return (Vector512.Create(-high), Vector512.Create((float)(g - high)));
    }

    /// <summary>Row <paramref name="r"/>'s output pass on its own, from terms of either kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleSoftmaxOutput(ref float x, ref float y, ref double terms, int length, int r, bool fast, double max, double sum)
    {
        if (!fast)
        {
            Output<Lanes512, Vector512<double>, float>(SoftmaxOp.Softmax, ref x, ref y, ref terms, length, r, max, sum, 0);
            return;
        }
        ref float rowY = ref Unsafe.Add(ref y, (nint)r * length);
        ref float words = ref Unsafe.As<double, float>(ref terms);
        (Vector512<float> high, Vector512<float> low) = OutputFactors(sum);
        int i = 0;
        for (; i <= length - 16; i += 16) SingleSoftmaxLine(ref words, ref rowY, i, high, low);
        if (i < length) SingleSoftmaxTailLine(ref words, ref rowY, i, length - i, TailMask(length - i), high, low);
    }

    /// <summary>1/sum 2^64 as two floats (high, low): the output's factor to 2^-48.</summary>
    private static (Vector512<float> High, Vector512<float> Low) OutputFactors(double sum)
    {
        double factor = Math.ScaleB(1.0 / sum, OutputHeadroom);
        float high = (float)factor;
        return (Vector512.Create(high), Vector512.Create((float)(factor - high)));
    }

    /// <summary>One register of the previous row's output: softmax's from its terms, log_softmax's from its x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SingleLine<TLog>(ref float words, ref float x, ref float y, int i, Vector512<float> high, Vector512<float> low)
        where TLog : IFlag
    {
        if (TLog.Value) SingleLogLine(ref x, ref y, i, high, low);
        else SingleSoftmaxLine(ref words, ref y, i, high, low);
    }

    /// <summary>
    /// One register of log_softmax output: y = x - G, G = max + log(sum exp(x - max)) held as two floats (g_hi, g_lo),
    /// rounded once: x - g_hi is split exactly into s + e (TwoSum, 6 operations), then y = s + (e - g_lo) (-inf stays
    /// -inf). The
    /// subtraction e - g_lo rounds below 2^-40 of y's ulp (|e| is at most half of s's, |g_lo| at most 2^-24 of G &lt;= 250,
    /// |y| at least 1/2: see <see cref="FloatLogSumAbove"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SingleLogLine(ref float x, ref float y, int i, Vector512<float> negativeHigh, Vector512<float> low)
    {
        Vector512<float> v = Vector512.LoadUnsafe(ref x, (nuint)i);
        SingleLogOf(v, negativeHigh, low).StoreUnsafe(ref y, (nuint)i);
    }

    /// <summary>The last elements' <see cref="SingleLogLine"/>, under a mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SingleLogTailLine(ref float x, ref float y, int i, Vector512<float> mask, Vector512<float> negativeHigh, Vector512<float> low)
    {
        Vector512<float> v = Avx512F.MaskLoad((float*)Unsafe.AsPointer(ref Unsafe.Add(ref x, i)), mask, Vector512<float>.Zero);
        Avx512F.MaskStore((float*)Unsafe.AsPointer(ref Unsafe.Add(ref y, i)), mask, SingleLogOf(v, negativeHigh, low));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SingleLogOf(Vector512<float> v, Vector512<float> negativeHigh, Vector512<float> low)
    {
        Vector512<float> s = v + negativeHigh;
        Vector512<float> back = s - v;
        Vector512<float> error = (v - (s - back)) + (negativeHigh - back);
        // -inf in x: s is -inf and the error NaN (inf - inf), which the maximum with -float.MaxValue (second
        // operand: x86 maxps returns it for NaN) turns finite, so y = -inf. A finite error is far above it.
        return s + (Vector512.MaxNative(error, Vector512.Create(-float.MaxValue)) - low);
    }

    /// <summary>
    /// One register of output: y = (E_hi + E_lo) / sum as E_hi f_hi + (E_lo f_hi + E_hi f_lo), the high product exact
    /// inside the last fused multiply-add, so the sum is rounded once; f = 2^64 / sum, so that the small products stay
    /// normal floats down to outputs of 2^-150, and the result is scaled by 2^-64 (exact unless the output is subnormal,
    /// where the two roundings stay within 3/4 ULP: the first is at most a quarter of the subnormal's ulp).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SingleSoftmaxLine(ref float words, ref float y, int i, Vector512<float> high, Vector512<float> low)
    {
        Vector512<float> termHigh = Vector512.LoadUnsafe(ref words, (nuint)(2 * i));
        Vector512<float> termLow = Vector512.LoadUnsafe(ref words, (nuint)(2 * i + 16));
        SingleSoftmaxOf(termHigh, termLow, high, low).StoreUnsafe(ref y, (nuint)i);
    }

    /// <summary>(E_hi + E_lo) f for 16 lanes, formed 2^64 larger and scaled back (see <see cref="SingleSoftmaxLine"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SingleSoftmaxOf(Vector512<float> termHigh, Vector512<float> termLow, Vector512<float> high, Vector512<float> low)
    {
        Vector512<float> small = Vector512.FusedMultiplyAdd(termLow, high, termHigh * low);
        return Vector512.FusedMultiplyAdd(termHigh, high, small) * Vector512.Create(OutputScale);
    }

    /// <summary>
    /// Row x's sum of terms 2^c exp(x) (<see cref="SingleExp"/>) and its maximum, softmax keeping the terms in
    /// <paramref name="terms"/>; with <c>TWrites</c> the previous row's output is written at each index first:
    /// softmax's from its terms there (<see cref="SingleSoftmaxLine"/>, before this row's replace them), log_softmax's
    /// from its x (<paramref name="previousX"/>, <see cref="SingleLogLine"/>); <paramref name="high"/> and
    /// <paramref name="low"/> are that output's constants.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Sum, float Max) SingleSum<TLog, TWrites>(ref float x, ref double terms, int length, SingleExp.Row row,
        ref float previousX, ref float previousY, Vector512<float> high, Vector512<float> low)
        where TLog : IFlag where TWrites : IFlag
    {
        ref float words = ref Unsafe.As<double, float>(ref terms);
        RowPrefetch next = RowPrefetch.NextAfter(ref x, length);
        RowPrefetch output = RowPrefetch.OutputOf(ref TWrites.Value ? ref previousY : ref x, length);
        RowPrefetch scratch = TLog.Value ? default : RowPrefetch.OutputOf(ref words, 2 * length);

        Vector512<float> start = Vector512.Create(HighStart), zero = Vector512<float>.Zero;
        Vector512<float> h0 = start, h1 = start, h2 = start, h3 = start;
        Vector512<float> m0 = Vector512.Create(float.NegativeInfinity), m1 = m0;
        Vector512<double> lows = Vector512<double>.Zero;
        int i = 0;
        while (length - i >= 64)
        {
            int iterations = Math.Min((length - i) / 64, LowBlock);
            Vector512<float> l0 = zero, l1 = zero, l2 = zero, l3 = zero;
            for (int k = 0; k < iterations; k++, i += 64)
            {
                next.Prefetch<float>(i, 64);
                if (TWrites.Value) output.PrefetchNear<float>(i + NearLead, 64);
                scratch.PrefetchNear<float>(2 * (i + NearLead), 128);
                if (TWrites.Value)
                {
                    SingleLine<TLog>(ref words, ref previousX, ref previousY, i, high, low);
                    SingleLine<TLog>(ref words, ref previousX, ref previousY, i + 16, high, low);
                    SingleLine<TLog>(ref words, ref previousX, ref previousY, i + 32, high, low);
                    SingleLine<TLog>(ref words, ref previousX, ref previousY, i + 48, high, low);
                }
                SingleTerm<TLog>(in row, ref x, ref words, i, ref h0, ref l0, ref m0);
                SingleTerm<TLog>(in row, ref x, ref words, i + 16, ref h1, ref l1, ref m1);
                SingleTerm<TLog>(in row, ref x, ref words, i + 32, ref h2, ref l2, ref m0);
                SingleTerm<TLog>(in row, ref x, ref words, i + 48, ref h3, ref l3, ref m1);
            }
            lows += Widened((l0 + l1) + (l2 + l3));
        }
        if (length - i >= 16)
        {
            Vector512<float> l0 = zero;
            for (; i <= length - 16; i += 16)
            {
                if (TWrites.Value) SingleLine<TLog>(ref words, ref previousX, ref previousY, i, high, low);
                SingleTerm<TLog>(in row, ref x, ref words, i, ref h0, ref l0, ref m0);
            }
            lows += Widened(l0);
        }
        if (i < length)
        {
            Vector512<float> mask = TailMask(length - i);
            if (TWrites.Value && TLog.Value) SingleLogTailLine(ref previousX, ref previousY, i, mask, high, low);
            else if (TWrites.Value) SingleSoftmaxTailLine(ref words, ref previousY, i, length - i, mask, high, low);
            Vector512<float> l0 = zero;
            SingleTailTerm<TLog>(in row, ref x, ref words, i, length - i, mask, ref h0, ref l0, ref m1);
            lows += Widened(l0);
        }
        double startTotal = 4.0 * 16 * HighStart;
        double sum = Vector512.Sum(Widened(h0) + Widened(h1) + Widened(h2) + Widened(h3)) - startTotal + Vector512.Sum(lows);
        return (sum, SingleMax.Across(Vector512.MaxNative(m0, m1)));
    }

    /// <summary>A term into the running sums: the high word added into <paramref name="high"/> with its error recovered
    /// exactly (Fast2Sum: the sums start above every term), that error and the low word into <paramref name="low"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTerm(ref Vector512<float> high, ref Vector512<float> low, Vector512<float> termHigh, Vector512<float> termLow)
    {
        Vector512<float> s = high + termHigh;
        Vector512<float> error = termHigh - (s - high);
        high = s;
        low += error + termLow;
    }

    /// <summary>Lanes below <paramref name="count"/> set (all bits), the others clear.</summary>
    private static Vector512<float> TailMask(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    /// <summary>The last <paramref name="count"/> (below 16) elements' terms, as <see cref="SingleTerm"/>: loaded and
    /// stored under a mask, the high words at float 2i and the low ones right after them (at 2i + count), the lanes
    /// past the row's end 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SingleTailTerm<TLog>(in SingleExp.Row row, ref float x, ref float words, int i, int count, Vector512<float> mask,
        ref Vector512<float> high, ref Vector512<float> low, ref Vector512<float> max)
        where TLog : IFlag
    {
        Vector512<float> values = Avx512F.MaskLoad((float*)Unsafe.AsPointer(ref Unsafe.Add(ref x, i)), mask, Vector512.Create(float.NegativeInfinity));
        max = Vector512.MaxNative(values, max);
        (Vector512<float> termHigh, Vector512<float> termLow) = SingleExp.Of(in row, values);
        termHigh = Vector512.ConditionalSelect(mask, termHigh, Vector512<float>.Zero);
        termLow = Vector512.ConditionalSelect(mask, termLow, Vector512<float>.Zero);
        if (!TLog.Value)
        {
            Avx512F.MaskStore((float*)Unsafe.AsPointer(ref Unsafe.Add(ref words, 2 * i)), mask, termHigh);
            Avx512F.MaskStore((float*)Unsafe.AsPointer(ref Unsafe.Add(ref words, 2 * i + count)), mask, termLow);
        }
        AddTerm(ref high, ref low, termHigh, termLow);
    }

    /// <summary><see cref="SingleSoftmaxLine"/> for the last <paramref name="count"/> elements (see
    /// <see cref="SingleTailTerm"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SingleSoftmaxTailLine(ref float words, ref float y, int i, int count, Vector512<float> mask, Vector512<float> high, Vector512<float> low)
    {
        Vector512<float> termHigh = Avx512F.MaskLoad((float*)Unsafe.AsPointer(ref Unsafe.Add(ref words, 2 * i)), mask, Vector512<float>.Zero);
        Vector512<float> termLow = Avx512F.MaskLoad((float*)Unsafe.AsPointer(ref Unsafe.Add(ref words, 2 * i + count)), mask, Vector512<float>.Zero);
        Avx512F.MaskStore((float*)Unsafe.AsPointer(ref Unsafe.Add(ref y, i)), mask, SingleSoftmaxOf(termHigh, termLow, high, low));
    }

    /// <summary>One register's terms into the scratch row (softmax) and the running sums: the high word added into
    /// <paramref name="high"/> with its error recovered exactly (Fast2Sum: the sums start above every term), that error
    /// and the low word into <paramref name="low"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SingleTerm<TLog>(in SingleExp.Row row, ref float x, ref float words, int i, ref Vector512<float> high, ref Vector512<float> low,
        ref Vector512<float> max)
        where TLog : IFlag
    {
        Vector512<float> values = Vector512.LoadUnsafe(ref x, (nuint)i);
        max = Vector512.MaxNative(values, max);
        (Vector512<float> termHigh, Vector512<float> termLow) = SingleExp.Of(in row, values);
        if (!TLog.Value)
        {
            termHigh.StoreUnsafe(ref words, (nuint)(2 * i));
            termLow.StoreUnsafe(ref words, (nuint)(2 * i + 16));
        }
        AddTerm(ref high, ref low, termHigh, termLow);
    }

    /// <summary>The sum of a float register's lanes, pairwise into 8 double lanes (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Widened(Vector512<float> v) =>
        Avx512F.ConvertToVector512Double(v.GetLower()) + Avx512F.ConvertToVector512Double(v.GetUpper());
}
