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
    public static void Forward<TElement>(SoftmaxOp op, ReadOnlySpan<TElement> x, Span<TElement> y, RowLayout layout)
        where TElement : unmanaged
    {
        if (layout.Count == 0) return;
        if (Lanes512.IsAccelerated) Forward<Lanes512, Vector512<double>, TElement>(op, x, y, layout);
        else if (Lanes256.IsAccelerated) Forward<Lanes256, Vector256<double>, TElement>(op, x, y, layout);
        else if (Lanes128.IsAccelerated) Forward<Lanes128, Vector128<double>, TElement>(op, x, y, layout);
        else Forward<ScalarLanes, double, TElement>(op, x, y, layout);
    }

    public static void Backward<TElement>(SoftmaxOp op, ReadOnlySpan<TElement> y, ReadOnlySpan<TElement> dy, Span<TElement> dx, RowLayout layout)
        where TElement : unmanaged
    {
        if (layout.Count == 0) return;
        if (Lanes512.IsAccelerated) Backward<Lanes512, Vector512<double>, TElement>(op, y, dy, dx, layout);
        else if (Lanes256.IsAccelerated) Backward<Lanes256, Vector256<double>, TElement>(op, y, dy, dx, layout);
        else if (Lanes128.IsAccelerated) Backward<Lanes128, Vector128<double>, TElement>(op, y, dy, dx, layout);
        else Backward<ScalarLanes, double, TElement>(op, y, dy, dx, layout);
    }

    private static void Forward<TLanes, TVector, TElement>(SoftmaxOp op, ReadOnlySpan<TElement> x, Span<TElement> y, RowLayout layout)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        ref TElement xs = ref MemoryMarshal.GetReference(x);
        ref TElement ys = ref MemoryMarshal.GetReference(y);
        int length = layout.Length, inner = layout.Inner;
        int vectorInner = inner - inner % TLanes.Count;
        bool gathers = inner > 1 && vectorInner < inner;
        // float32 rows keep their exp terms in double scratch rows (one per row of a group); float64 rows keep them in y.
        double[]? terms = typeof(TElement) == typeof(float) && (inner == 1 || gathers)
            ? ArrayPool<double>.Shared.Rent(GroupOf<TElement>(length) * length)
            : null;
        TElement[]? scratch = gathers ? ArrayPool<TElement>.Shared.Rent(2 * length) : null;
        try
        {
            if (inner == 1)
            {
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
    /// How many rows of this length <see cref="ContiguousRows.Forward{TLanes, TVector, TElement}"/> takes at once.
    /// Measured on float32 forward: pairs against single rows 64 x 128 8-15% faster, 16 x 512 5%, 4 x 10 about 10%;
    /// pairs of 1000- and 4096-wide rows 7-30% slower (they break the next-row prefetch), so longer rows go one by
    /// one. Groups of 4 against pairs: 16- to 64-wide float32 rows 4-18% faster, 128-wide ones no faster, float64
    /// 128-wide rows 4-7% slower.
    /// </summary>
    private static int GroupOf<TElement>(int length) where TElement : unmanaged =>
        length > 512 ? 1 : typeof(TElement) == typeof(float) && length <= 64 ? ContiguousRows.MaxRows : 2;

    /// <summary>Where a group of rows keeps its softmax terms: the scratch rows (float32), or y itself (float64).</summary>
    private static ref double Terms<TElement>(double[]? scratch, ref TElement y) where TElement : unmanaged =>
        ref scratch is not null ? ref MemoryMarshal.GetArrayDataReference(scratch) : ref Unsafe.As<TElement, double>(ref y);

    private static void Backward<TLanes, TVector, TElement>(SoftmaxOp op, ReadOnlySpan<TElement> y, ReadOnlySpan<TElement> dy, Span<TElement> dx, RowLayout layout)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        ref TElement ys = ref MemoryMarshal.GetReference(y);
        ref TElement dys = ref MemoryMarshal.GetReference(dy);
        ref TElement dxs = ref MemoryMarshal.GetReference(dx);
        int length = layout.Length, inner = layout.Inner;
        if (inner == 1)
        {
            for (int r = 0; r < layout.Rows; r++)
            {
                nint start = (nint)r * length;
                ContiguousRows.Backward<TLanes, TVector, TElement>(op, ref Unsafe.Add(ref ys, start), ref Unsafe.Add(ref dys, start), ref Unsafe.Add(ref dxs, start), length);
            }
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
