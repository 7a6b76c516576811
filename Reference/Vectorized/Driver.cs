using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// Walks a tensor's rows with the widest accelerated lane width. Rows along the last dimension (Inner = 1) are
/// contiguous; otherwise W = lane-count interleaved rows go through <see cref="InterleavedRows"/> together, and the
/// Inner mod W rows left over are gathered into a contiguous scratch row, run there, and scattered back.
/// </summary>
internal static class Driver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TElement>(SoftmaxOp op, ReadOnlySpan<TElement> x, Span<TElement> y, RowLayout layout)
        where TElement : unmanaged
    {
        if (layout.Count == 0) return;
        if (Lanes512.IsAccelerated) Forward<Lanes512, Vector512<double>, TElement>(op, x, y, layout);
        else if (Lanes256.IsAccelerated) Forward<Lanes256, Vector256<double>, TElement>(op, x, y, layout);
        else if (Lanes128.IsAccelerated) Forward<Lanes128, Vector128<double>, TElement>(op, x, y, layout);
        else Forward<ScalarLanes, double, TElement>(op, x, y, layout);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TElement>(SoftmaxOp op, ReadOnlySpan<TElement> y, ReadOnlySpan<TElement> dy, Span<TElement> dx, RowLayout layout)
        where TElement : unmanaged
    {
        if (layout.Count == 0) return;
        if (Lanes512.IsAccelerated) Backward<Lanes512, Vector512<double>, TElement>(op, y, dy, dx, layout);
        else if (Lanes256.IsAccelerated) Backward<Lanes256, Vector256<double>, TElement>(op, y, dy, dx, layout);
        else if (Lanes128.IsAccelerated) Backward<Lanes128, Vector128<double>, TElement>(op, y, dy, dx, layout);
        else Backward<ScalarLanes, double, TElement>(op, y, dy, dx, layout);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward<TLanes, TVector, TElement>(SoftmaxOp op, ReadOnlySpan<TElement> x, Span<TElement> y, RowLayout layout)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        ref TElement xs = ref MemoryMarshal.GetReference(x);
        ref TElement ys = ref MemoryMarshal.GetReference(y);
        int length = layout.Length, inner = layout.Inner;
        int vectorInner = inner - inner % TLanes.Count;
        bool gathers = inner > 1 && vectorInner < inner;
        // float32 rows keep their exp terms (log_softmax: x - max) in double scratch rows (one per row of a group, or one that overlapped rows
        // share); float64 rows keep them in y (and only float64 rows are pipelined).
        double[]? terms = typeof(TElement) == typeof(float) && (inner == 1 || gathers)
            ? ArrayPool<double>.Shared.Rent(GroupOf<TElement>(length) * length)
            : null;
        TElement[]? scratch = gathers ? ArrayPool<TElement>.Shared.Rent(2 * length) : null;
        try
        {
            if (inner == 1)
            {
                if (Pipelines<TElement>(length))
                {
                    ContiguousRows.ForwardPipelined<TLanes, TVector, TElement>(op, ref xs, ref ys, ref Terms(terms, ref ys), length, layout.Rows);
                    return;
                }
                if (SingleLanes<TLanes, TVector, TElement>(op, length))
                {
                    if (op == SoftmaxOp.Softmax) ContiguousRows.SingleSoftmaxOverlapped(ref Unsafe.As<TElement, float>(ref xs), ref Unsafe.As<TElement, float>(ref ys), ref Terms(terms, ref ys), length, layout.Rows);
                    else ContiguousRows.SingleLogSoftmaxOverlapped(ref Unsafe.As<TElement, float>(ref xs), ref Unsafe.As<TElement, float>(ref ys), ref Terms(terms, ref ys), length, layout.Rows);
                    return;
                }
                if (Overlaps(length))
                {
                    ContiguousRows.ForwardOverlapped<TLanes, TVector, TElement>(op, ref xs, ref ys, ref Terms(terms, ref ys), length, layout.Rows);
                    return;
                }
                int group = GroupOf<TElement>(length);
                for (int r = 0; r < layout.Rows; r += group)
                {
                    nint start = (nint)r * length;
                    ref TElement yRows = ref Unsafe.Add(ref ys, start);
                    ContiguousRows.Forward<TLanes, TVector, TElement>(op, ref Unsafe.Add(ref xs, start), ref yRows, ref Terms(terms, ref yRows), length,
                        Math.Min(group, layout.Rows - r));
                }
                return;
            }
            for (int o = 0; o < layout.Outer; o++)
            {
                nint block = (nint)o * length * inner;
                for (int i = 0; i < vectorInner; i += TLanes.Count)
                {
                    InterleavedRows.Forward<TLanes, TVector, TElement>(op, ref Unsafe.Add(ref xs, block + i), ref Unsafe.Add(ref ys, block + i), length, inner);
                }
                for (int i = vectorInner; i < inner; i++)
                {
                    Span<TElement> row = scratch.AsSpan(0, length), result = scratch.AsSpan(length, length);
                    for (int c = 0; c < length; c++) row[c] = x[(int)block + c * inner + i];
                    ref TElement resultRow = ref MemoryMarshal.GetReference(result);
                    ContiguousRows.Forward<TLanes, TVector, TElement>(op, ref MemoryMarshal.GetReference(row), ref resultRow, ref Terms(terms, ref resultRow), length);
                    for (int c = 0; c < length; c++) y[(int)block + c * inner + i] = result[c];
                }
            }
        }
        finally
        {
            if (scratch is not null) ArrayPool<TElement>.Shared.Return(scratch);
            if (terms is not null) ArrayPool<double>.Shared.Return(terms);
        }
    }

    /// <summary>
    /// Whether rows of this length go through <see cref="ContiguousRows.ForwardPipelined{TLanes, TVector, TElement}"/>
    /// all at once: float64 rows of up to 64 elements. Measured on forward passes against the pairs of rows they
    /// replace (minimum of many runs, alternating): float64 16 x 64 softmax 7-12% faster, log_softmax 2-6%. Float32
    /// rows of up to 64 elements stay in groups of 4, which were 1-7% faster there (1024 x 10, 128 x 64); longer
    /// rows are overlapped (<see cref="Overlaps"/>), which beat pipelining from 128 elements on.
    /// </summary>
    private static bool Pipelines<TElement>(int length) where TElement : unmanaged =>
        length <= 64 && GroupOf<TElement>(length) == 1;

    /// <summary>
    /// Whether rows of this length go through <see cref="ContiguousRows.SingleSoftmaxOverlapped"/> or
    /// <see cref="ContiguousRows.SingleLogSoftmaxOverlapped"/>, float32 in float lanes (<see cref="SingleExp"/>): rows of
    /// at least <see cref="SingleLaneLength"/> elements with AVX-512.
    /// Measured against the double lanes (minimum of many runs, alternating; docs/benchmarks.md): softmax 32 x 50257
    /// and 1024 x 4096 12-16% faster, log_softmax 24-25%; softmax 256 x 1000 -3% to +4%, 64 x 128 7% slower (each
    /// row's constants and the sums' final steps cost more than a short row saves).
    /// </summary>
    private static bool SingleLanes<TLanes, TVector, TElement>(SoftmaxOp op, int length)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged =>
        typeof(TElement) == typeof(float) && typeof(TLanes) == typeof(Lanes512) && SingleExp.IsSupported &&
        length >= SingleLaneLength;

    /// <summary>The shortest rows <see cref="SingleLanes{TLanes, TVector, TElement}"/> takes.</summary>
    public const int SingleLaneLength = 2048;

    /// <summary>
    /// Whether rows of this length go through <see cref="ContiguousRows.ForwardOverlapped{TLanes, TVector, TElement}"/>,
    /// one row's output pass inside the next row's exp pass: rows longer than 64 elements. Measured on forward passes
    /// (minimum of many runs, alternating): against the same rows one by one, float32 softmax 256 x 1000, 32 x 50257
    /// and 1024 x 4096 13-24% faster, log_softmax 0-2%, float64 softmax 20-30%, log_softmax 10-20%; against
    /// pipelining, float32 softmax 64 x 128, 1024 x 256 and 256 x 512 2-12% faster, log_softmax 0-5%, float64
    /// 10-20%. At 64 elements and below it was 0-12% slower than groups (float32) or pipelining (float64).
    /// </summary>
    private static bool Overlaps(int length) => length > 64;

    /// <summary>
    /// How many rows of this length <see cref="ContiguousRows.Forward{TLanes, TVector, TElement}"/> takes at once:
    /// float32 rows of up to 64 elements in groups of 4 (against pairs 4-18% faster, against single rows more), the
    /// rest one by one: gathered rows, and float64 rows of up to 64 elements in the pipeline (<see cref="Pipelines{TElement}"/>);
    /// longer rows are overlapped (<see cref="Overlaps"/>).
    /// </summary>
    private static int GroupOf<TElement>(int length) where TElement : unmanaged =>
        typeof(TElement) == typeof(float) && length <= 64 ? ContiguousRows.MaxRows : 1;

    /// <summary>Where rows keep their softmax terms or log_softmax differences: the scratch rows (float32), or y itself (float64).</summary>
    private static ref double Terms<TElement>(double[]? scratch, ref TElement y) where TElement : unmanaged =>
        ref scratch is not null ? ref MemoryMarshal.GetArrayDataReference(scratch) : ref Unsafe.As<TElement, double>(ref y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward<TLanes, TVector, TElement>(SoftmaxOp op, ReadOnlySpan<TElement> y, ReadOnlySpan<TElement> dy, Span<TElement> dx, RowLayout layout)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        ref TElement ys = ref MemoryMarshal.GetReference(y);
        ref TElement dys = ref MemoryMarshal.GetReference(dy);
        ref TElement dxs = ref MemoryMarshal.GetReference(dx);
        int length = layout.Length, inner = layout.Inner;
        if (inner == 1)
        {
            ContiguousRows.BackwardOverlapped<TLanes, TVector, TElement>(op, ref ys, ref dys, ref dxs, length, layout.Rows);
            return;
        }
        int vectorInner = inner - inner % TLanes.Count;
        TElement[]? scratch = vectorInner < inner ? ArrayPool<TElement>.Shared.Rent(3 * length) : null;
        try
        {
            for (int o = 0; o < layout.Outer; o++)
            {
                nint block = (nint)o * length * inner;
                for (int i = 0; i < vectorInner; i += TLanes.Count)
                {
                    InterleavedRows.Backward<TLanes, TVector, TElement>(op, ref Unsafe.Add(ref ys, block + i), ref Unsafe.Add(ref dys, block + i), ref Unsafe.Add(ref dxs, block + i), length, inner);
                }
                for (int i = vectorInner; i < inner; i++)
                {
                    Span<TElement> yRow = scratch.AsSpan(0, length), dyRow = scratch.AsSpan(length, length), dxRow = scratch.AsSpan(2 * length, length);
                    for (int c = 0; c < length; c++)
                    {
                        yRow[c] = y[(int)block + c * inner + i];
                        dyRow[c] = dy[(int)block + c * inner + i];
                    }
                    ContiguousRows.Backward<TLanes, TVector, TElement>(op, ref MemoryMarshal.GetReference(yRow), ref MemoryMarshal.GetReference(dyRow), ref MemoryMarshal.GetReference(dxRow), length);
                    for (int c = 0; c < length; c++) dx[(int)block + c * inner + i] = dxRow[c];
                }
            }
        }
        finally
        {
            if (scratch is not null) ArrayPool<TElement>.Shared.Return(scratch);
        }
    }
}
