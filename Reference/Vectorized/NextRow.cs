using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Reference.Vectorized;

/// <summary>
/// Prefetch hints for the row after the current one, issued during the current row's exp pass: that pass computes
/// and leaves the memory bus idle, while the next row's max pass would otherwise wait on memory. The lines go to L2
/// (T1 hint), not L1, which holds this row and its terms.
/// </summary>
/// <remarks>
/// The address is an unmanaged pointer taken from the row's element 0 and never dereferenced: a prefetch does not
/// fault (past the end of the buffer, for the last row, it is a wasted hint) and if the garbage collector moves the
/// buffer meanwhile the hint is merely stale. No managed reference past the buffer is ever formed.
/// </remarks>
internal readonly unsafe struct NextRow
{
    private readonly byte* _start;

    private NextRow(byte* start) => _start = start;

    /// <summary>Rows shorter than this (in bytes) are not worth it: short rows stay in cache anyway, and the hints
    /// cost more than they save (measured: 32- and 128-wide float32 rows 10-45% slower with them, 1000-wide and
    /// longer rows 10-25% faster).</summary>
    private const int MinimumRowBytes = 2048;

    /// <summary>The row after the one starting at <paramref name="rowStart"/>, or none if rows are short.</summary>
    public static NextRow After<TElement>(ref TElement rowStart, int length) where TElement : unmanaged =>
        (nint)length * sizeof(TElement) < MinimumRowBytes
            ? default
            : new((byte*)Unsafe.AsPointer(ref rowStart) + (nint)length * sizeof(TElement));

    /// <summary>Hints the next row's elements [index, index + count), one 64-byte line at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch<TElement>(int index, int count) where TElement : unmanaged
    {
        if (!Sse.IsSupported || _start == null) return;
        byte* from = _start + (nint)index * sizeof(TElement);
        for (int offset = 0; offset < count * sizeof(TElement); offset += 64) Sse.Prefetch1(from + offset);
    }
}
