namespace Reference.Numerics;

/// <summary>
/// A double-precision exp for the float32 kernel paths, within 1 ulp, inlined and about twice as fast as the libm
/// call behind Math.Exp. Tang's table method (ACM TOMS 15(2), 1989) on the double-double table of
/// <see cref="DoubleDouble.ExpReduced"/>.
/// </summary>
public static class DoubleExp
{
    /// <summary>exp(x) within 1 ulp for normal results (below about -708 it defers to Math.Exp).</summary>
    /// <remarks>
    /// 1. n = round(x 256/ln2), j = n mod 256, k = floor(n/256); r = (x - n L1) - n L2, where x - n L1 is exact
    ///    (Cody-Waite) and the second step rounds at 2^-53 of |r| &lt;= 2^-9.5.
    /// 2. exp(r) - 1 = r + r^2 (1/2 + r/6 + r^2/24 + r^3/120): the next term is below 2^-54 relative.
    /// 3. exp(x) = 2^k (T_hi + (T_hi p + T_lo)), T = 2^(j/256) as a double-double: one rounding of size 0.5 ulp
    ///    plus errors of order 2^-9 ulp from the small terms.
    /// </remarks>
    public static double Exp(double x)
    {
        if (!(x > -708.0 && x < 709.0)) return Math.Exp(x);
        const double c3 = 1.0 / 6, c4 = 1.0 / 24, c5 = 1.0 / 120;
        int n = (int)Math.Round(x * (DoubleDouble.TableSize / DoubleDouble.Ln2Word0));
        int j = n & (DoubleDouble.TableSize - 1);
        int k = n >> DoubleDouble.TableBits;
        double r = (x - n * ExpTables.L1) - n * ExpTables.L2;
        double p = r + r * r * (0.5 + r * (c3 + r * (c4 + r * c5)));
        DoubleDouble t = ExpTables.Powers[j];
        double value = t.Hi + (t.Hi * p + t.Lo);
        return value * BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
    }
}
