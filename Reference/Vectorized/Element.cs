using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// Loads, stores and exp for a buffer of float or double, in double lanes. <c>typeof(TElement) == typeof(float)</c>
/// is a JIT-time constant for value types, so each specialisation keeps only its own branch.
/// </summary>
internal static class Element
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Load<TLanes, TVector, TElement>(ref TElement source, nint index)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (typeof(TElement) == typeof(float)) return TLanes.Load(ref Unsafe.As<TElement, float>(ref Unsafe.Add(ref source, index)));
        return TLanes.Load(ref Unsafe.As<TElement, double>(ref Unsafe.Add(ref source, index)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TLanes, TVector, TElement>(TVector value, ref TElement destination, nint index)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (typeof(TElement) == typeof(float)) TLanes.Store(value, ref Unsafe.As<TElement, float>(ref Unsafe.Add(ref destination, index)));
        else TLanes.Store(value, ref Unsafe.As<TElement, double>(ref Unsafe.Add(ref destination, index)));
    }

    /// <summary>exp at the accuracy the element type needs (see <see cref="VectorExp"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Exp<TLanes, TVector, TElement>(TVector d)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        return typeof(TElement) == typeof(float) ? VectorExp.ForSingle<TLanes, TVector>(d) : VectorExp.ForDouble<TLanes, TVector>(d);
    }

    /// <summary><see cref="Exp{TLanes, TVector, TElement}"/> for d = x - max, which is &lt;= 0 or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector ExpOfNonPositive<TLanes, TVector, TElement>(TVector d)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        return typeof(TElement) == typeof(float)
            ? VectorExp.ForSingle<TLanes, TVector>(d, nonPositive: true)
            : VectorExp.ForDouble<TLanes, TVector>(d, nonPositive: true);
    }
}
