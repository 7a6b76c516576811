using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reference.Numerics;

/// <summary>
/// A double-precision exp for the float32 kernel paths, within 0.55 ulp (documented bound: 1 ulp; the cheaper
/// <see cref="ExpNonPositive(double)"/>: 2 ulps), inlined and about three times as fast as the libm call behind
/// Math.Exp. Tang's table method (ACM TOMS 15(2), 1989) on the double-double table of
/// <see cref="DoubleDouble.ExpReduced"/>.
/// </summary>
public static class DoubleExp
{
    /// <summary>exp(x) within 1 ulp (measured: 0.547), subnormal results, overflow to +inf, exp(-inf) = 0 and NaN included.</summary>
    /// <remarks>
    /// 1. x is clamped to [-746, 710], beyond which the result is 0 or +inf anyway (NaN passes the comparisons
    ///    untouched). As in <see cref="DoubleDouble.ExpReduced"/>, n = round(x 256/ln2) by adding 1.5 * 2^52,
    ///    j = n mod 256, k = floor(n/256); r = (x - n L1) - n L2 by fused multiply-adds, where x - n L1 is exact
    ///    (Cody-Waite) and the second step rounds once, at 2^-53 of |r| &lt;= ln2/512. (L1, L2 and the table are
    ///    static readonly; the accurate kernel initialises them before it is compiled, so the JIT folds them even
    ///    without tiered compilation.)
    /// 2. exp(r) - 1 = r + r^2 (1/2 + c3 r + r^2/24), Horner by fused multiply-adds. With c3 = 1/6 the dropped
    ///    r^5/120 would cost 0.34 ulp; c3 = 1/6 + 0.869 h^2/120 (h = ln2/512) trades it for the r^3 term: the
    ///    odd remainder r^5 - 0.869 h^2 r^3 equioscillates on [-h, h] (at r = h and r = 0.72 h), 0.131 of r^5's
    ///    size, below 0.05 ulp. exp(0) stays exactly 1.
    /// 3. exp(x) = 2^k (T_hi + (T_hi p + T_lo)), T = 2^(j/256) as a double-double: one rounding of size 0.5 ulp
    ///    plus errors of order 2^-9 ulp from the small terms.
    /// 4. 2^k is applied as 2^(k - k/2) times 2^(k/2), both normal for every k of the clamped range: the first
    ///    product is exact, so a subnormal result is rounded once, and a result beyond the largest double
    ///    overflows to +inf in the second.
    /// No branch calls out (Math.Exp did, for the extremes), so loops around it keep their sums in registers.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x)
    {
        x = x < -746.0 ? -746.0 : x;
        x = x > 710.0 ? 710.0 : x;
        double p = Reduced(x, out int n);
        DoubleDouble t = Unsafe.Add(ref Table, n & (DoubleDouble.TableSize - 1));
        double value = t.Hi + Math.FusedMultiplyAdd(t.Hi, p, t.Lo);
        long k = n >> DoubleDouble.TableBits, half = k >> 1;
        return value * Pow2(k - half) * Pow2(half);
    }

    /// <summary>
    /// exp(d) within 2 ulps (measured: 1.02) for -708 &lt;= d &lt;= 0; for smaller d (and -inf) exp(-708), about
    /// 3.3e-308: a softmax term of the float32 paths, where anything that small vanishes in a sum of at least 1 and
    /// divided by it rounds to a float 0.
    /// </summary>
    /// <remarks>
    /// Cheaper than <see cref="Exp"/> in three ways: one clamp; 2^k in one step, added to the exponent bits of the
    /// table entry (2^k T_hi is normal for k &gt;= -1022), so that the final fused multiply-add rounds the scaled
    /// result once; and the table's high word only, T_hi (1 + p) by one fused multiply-add, which adds T_lo's up to
    /// 2^-53 relative (up to 1 ulp, as the result lies in [1 - 2^-9, 2)) to the rounding's 0.5. Relative to the
    /// result, within 2.1u (u = 2^-53): the rounding u, T_hi u, the polynomial 0.1u, as the float32 kernels' bounds
    /// count it. It saves 4-5% of their time.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExpNonPositive(double d) => ExpNonPositive(d, ref Table);

    /// <summary>
    /// <see cref="ExpNonPositive(double)"/> with the table passed in: a loop that takes <see cref="Table"/> once,
    /// before it starts, keeps the table's address in a register (the JIT reloads a static field's array every iteration
    /// when the loop also stores to memory: 3-5% of the float32 softmax).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ExpNonPositive(double d, ref DoubleDouble table)
    {
        double p = Reduced(d < -708.0 ? -708.0 : d, out int n);
        // 2^k T_hi, k = floor(n / 256) >= -1022 here, so a normal double: k added to T_hi's exponent bits.
        long exponent = (long)(n & ~(DoubleDouble.TableSize - 1)) << (52 - DoubleDouble.TableBits);
        double high = Unsafe.Add(ref table, n & (DoubleDouble.TableSize - 1)).Hi;
        double scaled = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(high) + exponent);
        return Math.FusedMultiplyAdd(scaled, p, scaled);
    }

    /// <summary>The first entry of the table of 2^(j/256) (<see cref="ExpTables.Powers"/>).</summary>
    internal static ref DoubleDouble Table => ref MemoryMarshal.GetArrayDataReference(ExpTables.Powers);

    /// <summary>
    /// Steps 1 and 2 of <see cref="Exp"/> for x already clamped: returns p = exp(r) - 1, with n = 256 k + j, so
    /// that exp(x) = 2^k T_j (1 + p). n is the low 32 bits of x 256/ln2 + 1.5 * 2^52 (whose upper bits are the
    /// shifter's, as |n| &lt; 2^20).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Reduced(double x, out int n)
    {
        const double c3 = 1.0 / 6 + 0.8691 * ReducedBound * ReducedBound / 120, c4 = 1.0 / 24;
        double shifted = Math.FusedMultiplyAdd(x, DoubleDouble.TableOverLn2, DoubleDouble.RoundingShifter);
        n = (int)BitConverter.DoubleToInt64Bits(shifted);
        double minusN = DoubleDouble.RoundingShifter - shifted; // -n as a double, without a separate negation
        double r = Math.FusedMultiplyAdd(minusN, ExpTables.L2, Math.FusedMultiplyAdd(minusN, ExpTables.L1, x));
        return Math.FusedMultiplyAdd(r * r, Math.FusedMultiplyAdd(r, Math.FusedMultiplyAdd(r, c4, c3), 0.5), r);
    }

    /// <summary>ln2/512, the largest |r| after the reduction (up to the rounding of n).</summary>
    private const double ReducedBound = 0.6931471805599453 / 512;

    /// <summary>2^k for -1022 &lt;= k &lt;= 1023, from its bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Pow2(long k) => BitConverter.Int64BitsToDouble((k + 1023) << 52);
}
