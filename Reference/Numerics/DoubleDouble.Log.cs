namespace Reference.Numerics;

public readonly partial struct DoubleDouble
{
    /// <summary>
    /// ln(x) to about 2^-104 absolute (relative where |ln x| &gt;= 1); NaN for x &lt; 0 or NaN, -inf at 0, +inf at
    /// +inf. Near x = 1 the result is small and its relative accuracy falls: use <see cref="Log1p"/> there.
    /// </summary>
    /// <remarks>
    /// 1. y0 = ln(x.Hi) in double: off from y = ln x by e0 &lt;= ulp(y0), about |y| 2^-53.
    /// 2. d = x exp(-y0) - 1 = exp(y - y0) - 1 in double-double; d ~ e0 is small.
    /// 3. y = y0 + ln(1 + d) = y0 + d - d^2/2 + d^3/3 - ... QD stops at y0 + d (one Newton step on exp(y) - x),
    ///    which leaves e0^2 / 2 ~ |y|^2 2^-107: 2e-30 relative at |y| = 744 (x subnormal), measured. Keeping
    ///    -d^2/2 + d^3/3 (in double: they are below 2^-90) leaves d^4/4, below 2^-190.
    /// The exponent of exp(-y0) = f 2^k is applied to x first, so that x near the ends of the double range (where
    /// exp(-y0) overflows) still works.
    /// </remarks>
    public static DoubleDouble Log(DoubleDouble x)
    {
        if (double.IsNaN(x.Hi) || x.Hi < 0) return new DoubleDouble(double.NaN, double.NaN);
        if (x.Hi == 0) return new DoubleDouble(double.NegativeInfinity, 0);
        if (double.IsPositiveInfinity(x.Hi)) return new DoubleDouble(double.PositiveInfinity, 0);
        if (x.Hi == 1 && x.Lo == 0) return Zero;

        double y0 = Math.Log(x.Hi);
        DoubleDouble f = ExpReduced(-y0, out int k);
        DoubleDouble d = ScaleB(x, k) * f - 1.0;
        double dh = d.Hi;
        return (d + dh * dh * (dh / 3 - 0.5)) + y0;
    }

    /// <summary>ln(1 + s), accurate relative to the result for small s (about 2^-100); NaN below -1, -inf at -1.</summary>
    /// <remarks>
    /// 1. |s| &gt;= 1/2: ln(1 + s) directly (1 + s is then exact enough and the result is not small).
    /// 2. Otherwise a 53-bit start y0 by Goldberg's trick (What Every Computer Scientist Should Know..., 1991,
    ///    Theorem 4): u = fl(1 + s), y0 = ln(u) * s / (u - 1), which corrects the rounding of 1 + s.
    /// 3. One Newton step on f(y) = expm1(y) - s: y1 = y0 - (expm1(y0) - s) / (1 + expm1(y0)). Expm1 keeps
    ///    relative accuracy near 0, so the result does too.
    /// </remarks>
    public static DoubleDouble Log1p(DoubleDouble s)
    {
        if (double.IsNaN(s.Hi) || s < -1.0) return new DoubleDouble(double.NaN, double.NaN);
        if (s.Hi == 0) return s;
        if (s.Hi == -1 && s.Lo == 0) return new DoubleDouble(double.NegativeInfinity, 0);
        if (Math.Abs(s.Hi) >= 0.5) return Log(s + 1.0);

        double u = 1 + s.Hi;
        double y0 = u == 1 ? s.Hi : Math.Log(u) * s.Hi / (u - 1);
        DoubleDouble e = Expm1(y0);
        return y0 - (e - s) / (e + 1.0);
    }
}
