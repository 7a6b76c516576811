namespace Reference.Numerics;

public readonly partial struct DoubleDouble
{
    /// <summary>
    /// f * 2^k rounded once to the nearest double (ties to even), also when the result is subnormal, where
    /// Math.ScaleB(f.Hi, k) would round a second time after Hi's own rounding.
    /// </summary>
    /// <remarks>
    /// 1. A normal (or overflowing) result: f.Hi is already the nearest double to f, and scaling by 2^k is exact.
    /// 2. A subnormal result is an integer multiple n of 2^-1074. In units of that grid the value is a + b, with
    ///    a = f.Hi * 2^(1074 + k) and b = f.Lo * 2^(1074 + k), both exact (scaling up) and a &lt; 2^52.
    /// 3. n is a + b rounded to an integer, ties to even: Math.Round(a) decides unless a is itself half-way (b
    ///    then breaks the tie) or b is exactly +-1/2 with a whole (a genuine tie, to even). |b| &lt;= ulp(a)/2, so
    ///    no other case can cross a half.
    /// </remarks>
    public static double ScaleToDouble(DoubleDouble f, int k)
    {
        if (!f.IsFinite || f.Hi == 0) return Math.ScaleB(f.Hi, k);
        if (k + Math.ILogB(f.Hi) >= -1022) return Math.ScaleB(f.Hi, k);
        int shift = 1074 + k;
        if (shift + Math.ILogB(f.Hi) < -2) return f.Hi > 0 ? 0.0 : -0.0; // below a quarter of the smallest subnormal
        double sign = Math.Sign(f.Hi);
        double a = Math.ScaleB(Math.Abs(f.Hi), shift), b = sign * Math.ScaleB(f.Lo, shift);
        double n = Math.Round(a, MidpointRounding.ToEven);
        double r = a - n; // exact
        if (Math.Abs(r) == 0.5)
        {
            if (b != 0 && Math.Sign(b) == Math.Sign(r)) n += Math.Sign(r);
        }
        else if (r == 0 && Math.Abs(b) == 0.5)
        {
            if (Math.IEEERemainder(n, 2) != 0) n += Math.Sign(b);
        }
        return sign * n * double.Epsilon;
    }

    /// <summary>
    /// Rounds to double with round-to-odd: the value truncated toward zero, with its last bit set if anything was
    /// cut off. A second rounding to nearest at 24 bits (a float cast) is then correctly rounded (Boldo and
    /// Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using rounding to odd", 2008:
    /// it needs p &gt;= q + 2 bits, here 53 &gt;= 24 + 2), which a plain Hi would not guarantee when the value
    /// lies within 2^-53 of a float tie.
    /// </summary>
    public double ToDoubleRoundToOdd()
    {
        if (Lo == 0 || !double.IsFinite(Hi)) return Hi;
        long bits = BitConverter.DoubleToInt64Bits(Hi);
        // Hi is the nearest double; if Lo points toward zero, the truncation is one step closer to zero.
        if ((Lo < 0) != (Hi < 0)) bits--;
        return BitConverter.Int64BitsToDouble(bits | 1);
    }

    /// <summary>Rounds to the nearest float once (ties to even), including float subnormals.</summary>
    public float ToSingle() => (float)ToDoubleRoundToOdd();
}
