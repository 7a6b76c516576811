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

    /// <summary>
    /// exp(x - max) for a register of x: float32 rows from d = x - max in double (exact unless the exponents lie more
    /// than 29 apart, and then off by |d| 2^-53, far below what a float keeps); float64 rows from the
    /// exact x - max, d plus its low word (TwoSum), which <see cref="VectorExp.ForDouble{TLanes, TVector}(TVector, TVector, bool, bool)"/>
    /// takes into its reduced argument. x is first raised to max - 1024 at least (exp is 0 below -746 either way), so
    /// that -inf (a masked element) gives finite words; NaN passes (the clamp returns its second operand).
    /// <paramref name="d"/> is x - max as the caller's own formula gives it (the maxima's test d == 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector ExpOfDifference<TLanes, TVector, TElement>(TVector x, TVector max, TVector floor, out TVector d)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (typeof(TElement) == typeof(float))
        {
            d = TLanes.Subtract(x, max);
            return VectorExp.ForSingle<TLanes, TVector>(d, nonPositive: true);
        }
        TVector raised = TLanes.MaxNative(floor, x);
        d = TLanes.Subtract(raised, max);
        // TwoSum(raised, -max): the low word of the difference, exact.
        TVector xPart = TLanes.Add(d, max);
        TVector maxPart = TLanes.Subtract(xPart, d);
        TVector low = TLanes.Add(TLanes.Subtract(raised, xPart), TLanes.Subtract(maxPart, max));
        return VectorExp.ForDouble<TLanes, TVector>(d, low, nonPositive: true);
    }

    /// <summary>
    /// The floor <see cref="ExpOfDifference{TLanes, TVector, TElement}"/> raises x to: below max by at least 1024
    /// (exp of the difference is 0, as for anything lower) and strictly, however large max is: max - 1024 alone would
    /// equal max once ulp(max) exceeds 2048 (|max| &gt;= 2^63), and every lower x would turn into a term of 1. So
    /// max - max(1024, |max| 2^-20), kept finite (max near -MaxValue).
    /// </summary>
    public static double Floor(double max) => Math.Max(max - Math.Max(1024.0, Math.Abs(max) * FloorFraction), double.MinValue);

    /// <summary>2^-20: <see cref="Floor"/>'s distance below large maxima, relative (far above their ulp).</summary>
    public const double FloorFraction = 1.0 / (1 << 20);

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
