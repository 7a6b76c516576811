using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Reference.Vectorized;

/// <summary>
/// The largest element of a float32 row, compared in float lanes (<see cref="Vector{T}"/>: twice the elements per
/// register of the double lanes the exp pass needs, and no widening). Comparing floats is exact, so the result is the
/// same as in double lanes. NaN may be skipped, as in the double-lane pass: it reaches the sum through exp and
/// poisons the row there.
/// </summary>
internal static class SingleMax
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Of(ref float x, int length)
    {
        int w = Vector<float>.Count, i = 0;
        float max = float.NegativeInfinity;
        if (Vector.IsHardwareAccelerated && length >= w)
        {
            Vector<float> m0 = new(float.NegativeInfinity), m1 = m0, m2 = m0, m3 = m0;
            for (; i <= length - 4 * w; i += 4 * w)
            {
                m0 = Vector.MaxNative(Load(ref x, i), m0);
                m1 = Vector.MaxNative(Load(ref x, i + w), m1);
                m2 = Vector.MaxNative(Load(ref x, i + 2 * w), m2);
                m3 = Vector.MaxNative(Load(ref x, i + 3 * w), m3);
            }
            for (; i <= length - w; i += w)
            {
                m0 = Vector.MaxNative(Load(ref x, i), m0);
            }
            max = Across(Vector.MaxNative(Vector.MaxNative(m0, m1), Vector.MaxNative(m2, m3)));
        }
        for (; i < length; i++)
        {
            float value = Unsafe.Add(ref x, i);
            if (value > max) max = value;
        }
        return max;
    }

    /// <summary>The largest lane, by halving: a short row pays log2(lanes) steps for it, not one per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Across(Vector<float> m)
    {
        Vector128<float> h = Vector<float>.Count switch
        {
            16 => Half(Half(m.AsVector512())),
            8 => Half(m.AsVector256()),
            _ => m.AsVector128(),
        };
        h = Vector128.MaxNative(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.MaxNative(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }

    /// <summary>The largest lane of a 512-bit register, by halving (the overlapped loop's next-row maximum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Across(Vector512<float> m)
    {
        Vector128<float> h = Half(Half(m));
        h = Vector128.MaxNative(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.MaxNative(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Half(Vector512<float> v) => Vector256.MaxNative(v.GetLower(), v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Half(Vector256<float> v) => Vector128.MaxNative(v.GetLower(), v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float x, int i) => Vector.LoadUnsafe(ref x, (nuint)i);
}
