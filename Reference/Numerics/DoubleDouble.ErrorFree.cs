using System.Runtime.CompilerServices;

namespace Reference.Numerics;

public readonly partial struct DoubleDouble
{
    /// <summary>
    /// Knuth's TwoSum: s = fl(a + b) and the exact error e with a + b = s + e, for any a, b (no ordering needed).
    /// </summary>
    /// <remarks>
    /// 1. s = fl(a + b). 2. bb = s - a is the part of b that made it into s (exact, Knuth TAOCP 4.2.2 Theorem B).
    /// 3. (a - (s - bb)) is what was lost of a, (b - bb) what was lost of b; both are exact, their sum is e.
    /// Six flops, no branch. Valid unless a + b overflows.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoSum(double a, double b, out double e)
    {
        double s = a + b;
        double bb = s - a;
        e = (a - (s - bb)) + (b - bb);
        return s;
    }

    /// <summary>Dekker's Fast2Sum: as <see cref="TwoSum"/> but requires |a| &gt;= |b| (or a = 0); three flops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double QuickTwoSum(double a, double b, out double e)
    {
        double s = a + b;
        e = b - (s - a);
        return s;
    }

    /// <summary>
    /// TwoProd: p = fl(a * b) and the exact error e = a * b - p, by one fused multiply-add (which rounds a * b - p
    /// once, and a * b - p is representable). Replaces Dekker's splitting when FMA is available. Valid unless the
    /// product over- or underflows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoProd(double a, double b, out double e)
    {
        double p = a * b;
        e = Math.FusedMultiplyAdd(a, b, -p);
        return p;
    }
}
