using System.Runtime.CompilerServices;

namespace Reference.Numerics;

public readonly partial struct DoubleDouble
{
    /// <summary>
    /// Accurate addition (QD's ieee_add): relative error at most about 2 * 2^-106 even under cancellation.
    /// </summary>
    /// <remarks>
    /// 1. Add the high words exactly: s + e = a.Hi + b.Hi. 2. Add the low words exactly: t + f = a.Lo + b.Lo.
    /// 3. Fold t into e and renormalise (s, e); 4. fold f in and renormalise again. Step 2 is what makes this
    /// accurate when a.Hi + b.Hi cancels; the "sloppy" variant (<see cref="AddFast"/>) skips it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        double s = TwoSum(a.Hi, b.Hi, out double e);
        double t = TwoSum(a.Lo, b.Lo, out double f);
        e += t;
        s = QuickTwoSum(s, e, out e);
        e += f;
        s = QuickTwoSum(s, e, out e);
        return new DoubleDouble(s, e);
    }

    /// <summary>Addition of a double: s + e = a.Hi + b exactly, then fold in a.Lo.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator +(DoubleDouble a, double b)
    {
        double s = TwoSum(a.Hi, b, out double e);
        e += a.Lo;
        s = QuickTwoSum(s, e, out e);
        return new DoubleDouble(s, e);
    }

    /// <summary>
    /// QD's sloppy_add: one TwoSum of the high words, low words added in double. Accurate (about 2^-105 relative)
    /// when a and b have the same sign or one is much smaller than the other, as in a sum of positive terms or a
    /// Horner step; not under cancellation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble AddFast(DoubleDouble a, DoubleDouble b)
    {
        double s = TwoSum(a.Hi, b.Hi, out double e);
        e += a.Lo + b.Lo;
        s = QuickTwoSum(s, e, out e);
        return new DoubleDouble(s, e);
    }

    /// <summary>Negation (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

    /// <summary>Accurate subtraction, a + (-b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + (-b);

    /// <summary>Subtraction of a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator -(DoubleDouble a, double b) => a + (-b);

    /// <summary>
    /// Multiplication (QD's mul): p + e = a.Hi * b.Hi exactly (TwoProd), plus the cross terms a.Hi * b.Lo +
    /// a.Lo * b.Hi in double (a.Lo * b.Lo is below 2^-106 relative and dropped), renormalised. Relative error
    /// below about 4 * 2^-106.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        double p = TwoProd(a.Hi, b.Hi, out double e);
        e += a.Hi * b.Lo + a.Lo * b.Hi;
        p = QuickTwoSum(p, e, out e);
        return new DoubleDouble(p, e);
    }

    /// <summary>Multiplication by a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator *(DoubleDouble a, double b)
    {
        double p = TwoProd(a.Hi, b, out double e);
        e += a.Lo * b;
        p = QuickTwoSum(p, e, out e);
        return new DoubleDouble(p, e);
    }

    /// <summary>
    /// Division (QD's accurate_div): long division with three double quotient digits.
    /// </summary>
    /// <remarks>
    /// 1. q1 = a.Hi / b.Hi, a first approximation (53 bits). 2. r = a - q1 * b exactly enough in double-double;
    /// q2 = r.Hi / b.Hi corrects the next 53 bits. 3. r -= q2 * b; q3 = r.Hi / b.Hi picks up the rounding of
    /// the first two digits. 4. (q1 + q2) + q3, renormalised. Relative error about 2^-105.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        double q1 = a.Hi / b.Hi;
        DoubleDouble r = a - b * q1;
        double q2 = r.Hi / b.Hi;
        r -= b * q2;
        double q3 = r.Hi / b.Hi;
        q1 = QuickTwoSum(q1, q2, out q2);
        return new DoubleDouble(q1, q2) + q3;
    }

    /// <summary>Division by a double (the same long division, with b exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator /(DoubleDouble a, double b)
    {
        double q1 = a.Hi / b;
        double p1 = TwoProd(q1, b, out double p2);
        double s = TwoSum(a.Hi, -p1, out double e);
        e = e + a.Lo - p2;
        double q2 = (s + e) / b;
        q1 = QuickTwoSum(q1, q2, out q2);
        return new DoubleDouble(q1, q2);
    }

    /// <summary>Multiplies by 2^n exactly (unless the result over- or underflows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble ScaleB(DoubleDouble a, int n) => new(Math.ScaleB(a.Hi, n), Math.ScaleB(a.Lo, n));

    /// <summary>|a|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble Abs(DoubleDouble a) => a.Hi < 0 || (a.Hi == 0 && a.Lo < 0) ? -a : a;

    /// <summary>Compares by value (Hi first, then Lo).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <(DoubleDouble a, DoubleDouble b) => a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo < b.Lo);

    /// <summary>Compares by value (Hi first, then Lo).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >(DoubleDouble a, DoubleDouble b) => b < a;

    /// <summary>Equal words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator ==(DoubleDouble a, DoubleDouble b) => a.Hi == b.Hi && a.Lo == b.Lo;

    /// <summary>Different words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator !=(DoubleDouble a, DoubleDouble b) => !(a == b);
}
