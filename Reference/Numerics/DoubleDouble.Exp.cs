using System.Runtime.CompilerServices;

namespace Reference.Numerics;

public readonly partial struct DoubleDouble
{
    // The reduction x = (256 k + j) ln2/256 + r needs ln2/256 to more bits than a double-double holds, because n =
    // 256 k + j reaches 2^19 and multiplies it. Cody and Waite's trick: split the constant into L1 + L2 + L3 where
    // L1 keeps only 32 significant bits, so that n * L1 is exact in double. ln 2 to 160 bits, as three doubles
    // (computed with Python's decimal module at 80 digits): 0.6931471805599453 + 2.3190468138462996e-17 +
    // 5.707708438416212e-34.
    internal const double Ln2Word0 = 0.6931471805599453, Ln2Word1 = 2.3190468138462996e-17, Ln2Word2 = 5.707708438416212e-34;
    internal const int TableBits = 8, TableSize = 1 << TableBits;

    /// <summary>256 / ln 2, rounded to double: only picks n, so its rounding does not matter.</summary>
    internal const double TableOverLn2 = TableSize / Ln2Word0;

    /// <summary>|r| &lt;= ln2 / 512 after the reduction (plus a rounding's worth); the polynomial is good to there.</summary>
    private const double PolyBound = Ln2Word0 / (2 * TableSize) * (1 + 1e-6);

    /// <summary>1.5 * 2^52: adding it to a double below 2^51 in magnitude rounds it to an integer held in the low bits.</summary>
    internal const double RoundingShifter = 6755399441055744.0;

    /// <summary>Beyond these, exp is 0 or +inf for any double-double (|n| then stays below 2^20: L1 * n exact).</summary>
    private const double ExpLowerCutoff = -1500, ExpUpperCutoff = 1500;

    /// <summary>
    /// exp(x) to about 2^-104 relative; +inf above about 709.78, 0 below about -745.13, subnormal results
    /// correctly rounded from the 106-bit value (see <see cref="ScaleToDouble"/>), NaN for NaN.
    /// </summary>
    public static DoubleDouble Exp(DoubleDouble x)
    {
        DoubleDouble f = ExpReduced(x, out int k);
        if (!f.IsFinite || f.Hi == 0) return f;
        if (k >= -1021 && k <= 1022)
        {
            // f in [1, 2): f 2^k is normal; multiplying by the power of two (built from its bits) is exact.
            double scale = BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
            return new DoubleDouble(f.Hi * scale, f.Lo * scale);
        }
        if (k < -1021) return new DoubleDouble(ScaleToDouble(f, k), 0);
        double hi = Math.ScaleB(f.Hi, k);
        return double.IsInfinity(hi) ? new DoubleDouble(hi, 0) : new DoubleDouble(hi, Math.ScaleB(f.Lo, k));
    }

    /// <summary>
    /// exp(x) = f * 2^k with f in [1, 2), so that callers can divide and round once without the double range
    /// getting in the way (softmax outputs that underflow). Returns 0 (k = 0) below -1500, +inf above 1500.
    /// </summary>
    /// <remarks>
    /// 1. n = round(x * 256 / ln2); j = n mod 256, k = floor(n / 256). Then exp(x) = 2^k * 2^(j/256) * exp(r).
    /// 2. r = x - n ln2/256, computed as ((x - n L1) - n L2) - n L3: n L1 is exact, n L2 is made exact by TwoProd,
    ///    so the only error is of order n * 2^-140; |r| &lt;= ln2/512 ~ 2^-9.5.
    /// 3. exp(r) - 1 by its Taylor series to degree 9 (the next term is below 2^-116), see <see cref="ExpM1Poly"/>.
    /// 4. f = T[j] + T[j] (exp(r) - 1), T[j] = 2^(j/256) from the table. This is the table method of Tang (1989)
    ///    with QD's double-double arithmetic; QD itself reduces by 2^-9 and squares nine times instead.
    /// </remarks>
    public static DoubleDouble ExpReduced(DoubleDouble x, out int k)
    {
        k = 0;
        if (double.IsNaN(x.Hi)) return new DoubleDouble(double.NaN, double.NaN);
        if (x.Hi < ExpLowerCutoff) return Zero;
        if (x.Hi > ExpUpperCutoff) return new DoubleDouble(double.PositiveInfinity, 0);

        DoubleDouble r = ReduceArgument(x, out int j, out k);
        DoubleDouble t = ExpTables.Powers[j];
        return AddFast(t, t * ExpM1Poly(r));
    }

    /// <summary>
    /// exp(x) as <see cref="ExpReduced"/> but with relative error below 2^-80 (about 1e-24) instead of 2^-104: the
    /// polynomial's cubic and higher terms (below 2^-31) are evaluated in double, which costs 2^-53 of them. This
    /// is the kernel's exponential: 2^-80 is 2^-27 of a double's ulp, so a result rounded to double is still within
    /// 0.5 ulp + 2^-27 ulp, at half the cost.
    /// </summary>
    /// <remarks>
    /// With r = rh + rl from the same reduction: exp(r) - 1 = rh + rh^2/2 + rh^3 (1/6 + rh/24 + ... + rh^4/7!) +
    /// rl (1 + rh), where rh^2 is exact by TwoProd, the bracket is Horner in double (the next term, rh^8/8!, is
    /// below 2^-91), and rl (1 + rh) drops rl rh^2/2, below 2^-80.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble ExpReducedFast(DoubleDouble x, out int k)
    {
        k = 0;
        if (double.IsNaN(x.Hi)) return new DoubleDouble(double.NaN, double.NaN);
        if (x.Hi < ExpLowerCutoff) return Zero;
        if (x.Hi > ExpUpperCutoff) return new DoubleDouble(double.PositiveInfinity, 0);

        DoubleDouble r = ReduceArgument(x, out int j, out k);
        const double c3 = 1.0 / 6, c4 = 1.0 / 24, c5 = 1.0 / 120, c6 = 1.0 / 720, c7 = 1.0 / 5040;
        double rh = r.Hi;
        double square = TwoProd(rh, rh, out double squareError);
        double cubic = square * rh * (c3 + rh * (c4 + rh * (c5 + rh * (c6 + rh * c7))));
        double s = TwoSum(rh, 0.5 * square, out double e);
        e += 0.5 * squareError + cubic + r.Lo * (1 + rh);
        s = QuickTwoSum(s, e, out e);
        DoubleDouble t = ExpTables.Powers[j];
        return AddFast(t, t * new DoubleDouble(s, e));
    }

    /// <summary>exp(x) through <see cref="ExpReducedFast"/> (2^-80 relative), for normal results; see <see cref="Exp"/> for the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble ExpFast(DoubleDouble x)
    {
        DoubleDouble f = ExpReducedFast(x, out int k);
        if (k >= -1021 && k <= 1022 && f.IsFinite)
        {
            double scale = BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
            return new DoubleDouble(f.Hi * scale, f.Lo * scale);
        }
        return Exp(x);
    }

    /// <summary>
    /// The reduction shared by both exponentials: x = (256 k + j) ln2/256 + r with |r| &lt;= ln2/512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DoubleDouble ReduceArgument(DoubleDouble x, out int j, out int k)
    {
        // n = round(x.Hi * 256 / ln2), ties to even as Math.Round, by adding 1.5 * 2^52 (|n| < 2^20 here): no
        // saturating float-to-int conversion.
        double shifted = x.Hi * TableOverLn2 + RoundingShifter;
        int n = (int)(BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundingShifter));
        j = n & (TableSize - 1);
        k = n >> TableBits;

        // r = x - n (L1 + L2 + L3). x.Hi - n L1 is exact: n L1 is (n &lt; 2^20, L1 has 32 bits), and so is the
        // difference (Sterbenz: x.Hi and n L1 agree to within a factor 2 unless n = 0). n L2 is exact as p + e by
        // TwoProd; only n L3 (below 2^-70) and the final additions round, at the 2^-106 level of r.
        double nd = n;
        double head = x.Hi - nd * ExpTables.L1;
        double p = TwoProd(nd, ExpTables.L2, out double pe);
        double rh = TwoSum(head, -p, out double rl);
        rl += x.Lo - pe - nd * ExpTables.L3;
        rh = QuickTwoSum(rh, rl, out rl);
        return new DoubleDouble(rh, rl);
    }

    /// <summary>exp(x) - 1, accurate relative to the result near 0 (about 2^-101 for |x| &lt; 0.5).</summary>
    /// <remarks>
    /// 1. |x| &lt;= ln2/512: the polynomial alone. 2. |x| &lt; 0.5: halve x s times until it is in range, then undo
    /// with expm1(2y) = expm1(y) (expm1(y) + 2), which never cancels (e + 2 &gt;= 1). 3. Otherwise exp(x) - 1,
    /// which cancels by at most a factor 1/(1 - e^-0.5) ~ 2.5.
    /// </remarks>
    public static DoubleDouble Expm1(DoubleDouble x)
    {
        if (double.IsNaN(x.Hi)) return new DoubleDouble(double.NaN, double.NaN);
        double ax = Math.Abs(x.Hi);
        if (ax <= PolyBound) return ExpM1Poly(x);
        if (ax < 0.5)
        {
            int s = 0;
            while (ax > PolyBound)
            {
                ax *= 0.5;
                s++;
            }
            DoubleDouble e = ExpM1Poly(ScaleB(x, -s));
            for (int i = 0; i < s; i++) e *= e + 2.0;
            return e;
        }
        return Exp(x) - 1.0;
    }

    /// <summary>
    /// exp(r) - 1 for |r| &lt;= ln2/512, by Horner on r (1 + r (1/2 + r (1/6 + r (1/24 + r q)))), where
    /// q = 1/120 + r/720 + ... + r^4/9! is evaluated in double from r.Hi: those terms are below 2^-47 of the result
    /// and their double rounding stays below 2^-106. The outer four levels are double-double (1/6 and 1/24 are not
    /// doubles, and their rounding would show at 2^-80).
    /// </summary>
    private static DoubleDouble ExpM1Poly(DoubleDouble r)
    {
        const double c5 = 1.0 / 120, c6 = 1.0 / 720, c7 = 1.0 / 5040, c8 = 1.0 / 40320, c9 = 1.0 / 362880;
        double rh = r.Hi;
        double q = c5 + rh * (c6 + rh * (c7 + rh * (c8 + rh * c9)));
        DoubleDouble t = AddFast(ExpTables.InvFact4, r * q);
        t = AddFast(ExpTables.InvFact3, r * t);
        t = AddFast(0.5, r * t);
        t = AddFast(One, r * t);
        return r * t;
    }
}
