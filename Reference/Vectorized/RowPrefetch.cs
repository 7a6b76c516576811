using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Reference.Vectorized;

/// <summary>
/// Prefetch hints issued during a row's exp pass, which computes and leaves the memory bus idle: the row after the
/// current one (<see cref="NextAfter{TElement}"/>), whose max pass would otherwise wait on memory, and an output row
/// (<see cref="OutputOf{TElement}"/>), whose stores would otherwise wait for their lines to be read in (a store to a
/// line not in cache first reads it): the current row's, for a later output pass, or, where the output is written in
/// the same loop (ContiguousRows.ForwardOverlapped), the previous row's, a few lines ahead of its stores. The lines
/// go to L2 (T1 hint), not L1, which holds this row and its terms.
/// </summary>
/// <remarks>
/// The address is an unmanaged pointer taken from a row's element 0 and never dereferenced: a prefetch does not
/// fault (past the end of the buffer, for the last row, it is a wasted hint) and if the garbage collector moves the
/// buffer meanwhile the hint is merely stale. No managed reference past the buffer is ever formed.
/// Measured on float32 forward: the next row, 10-25% on rows of 1000 and more; the output row on top of it,
/// 1024 x 4096 6-9% and 32 x 50257 15-18% faster, 256 x 1000 unchanged (the same hints in the backward, for dx
/// during the sum pass, made no clear difference and are not issued). In the overlapped loop, without the output
/// hints 1024 x 4096 was 8-14% slower.
/// </remarks>
internal readonly unsafe struct RowPrefetch
{
    private readonly byte* _start;

    private RowPrefetch(byte* start) => _start = start;

    /// <summary>Rows shorter than this (in bytes) are not worth it: short rows stay in cache anyway, and the hints
    /// cost more than they save (measured: 32- and 128-wide float32 rows 10-45% slower with them, 1000-wide and
    /// longer rows 10-25% faster).</summary>
    private const int MinimumRowBytes = 2048;

    /// <summary>The row after the one starting at <paramref name="rowStart"/>, or none if rows are short.</summary>
    public static RowPrefetch NextAfter<TElement>(ref TElement rowStart, int length) where TElement : unmanaged =>
        (nint)length * sizeof(TElement) < MinimumRowBytes
            ? default
            : new((byte*)Unsafe.AsPointer(ref rowStart) + (nint)length * sizeof(TElement));

    /// <summary>The output row starting at <paramref name="rowStart"/>, or none if rows are short.</summary>
    public static RowPrefetch OutputOf<TElement>(ref TElement rowStart, int length) where TElement : unmanaged =>
        (nint)length * sizeof(TElement) < MinimumRowBytes ? default : new((byte*)Unsafe.AsPointer(ref rowStart));

    /// <summary>Hints the row's elements [index, index + count), one 64-byte line at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch<TElement>(int index, int count) where TElement : unmanaged => Hint<TElement>(index, count, near: false);

    /// <summary>As <see cref="Prefetch{TElement}"/>, into L1 (T0 hint): for lines a loop reads or writes within
    /// the next few hundred elements, where an L2 hint arrives but the access still waits for L1 (the float lane
    /// softmax, ContiguousRows.SingleSoftmaxSum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchNear<TElement>(int index, int count) where TElement : unmanaged => Hint<TElement>(index, count, near: true);

    /// <summary>One hint per 64-byte line of elements [index, index + count): T0 (L1) when <paramref name="near"/>,
    /// else T1 (L2). <paramref name="near"/> is a constant at every call site, so the JIT keeps one branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Hint<TElement>(int index, int count, bool near) where TElement : unmanaged
    {
        if (!Sse.IsSupported || _start == null) return;
        byte* from = _start + (nint)index * sizeof(TElement);
        for (int offset = 0; offset < count * sizeof(TElement); offset += 64)
        {
            if (near) Sse.Prefetch0(from + offset);
            else Sse.Prefetch1(from + offset);
        }
    }
}
