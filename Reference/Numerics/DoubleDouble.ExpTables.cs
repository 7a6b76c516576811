namespace Reference.Numerics;

/// <summary>
/// The constants of <see cref="DoubleDouble.ExpReduced"/>, in a class of their own: static readonly fields set by
/// initialisers (no explicit static constructor) let the JIT treat them as constants once initialised.
/// </summary>
internal static class ExpTables
{
    /// <summary>ln2/256 (the three words of ln 2, each scaled by 2^-8 exactly) with its low 21 bits cleared: 32 significant bits.</summary>
    public static readonly double L1 = BitConverter.Int64BitsToDouble(
        BitConverter.DoubleToInt64Bits(Math.ScaleB(DoubleDouble.Ln2Word0, -DoubleDouble.TableBits)) & ~((1L << 21) - 1));

    /// <summary>The next 53 bits of ln2/256: the cleared bits of the first word (exact) plus the second word.</summary>
    public static readonly double L2 = Math.ScaleB(DoubleDouble.Ln2Word0, -DoubleDouble.TableBits) - L1 + Math.ScaleB(DoubleDouble.Ln2Word1, -DoubleDouble.TableBits);

    /// <summary>The rest of ln2/256: what L2 rounded off, plus the third word.</summary>
    public static readonly double L3 = Remainder();

    public static readonly DoubleDouble InvFact3 = DoubleDouble.One / 6.0;
    public static readonly DoubleDouble InvFact4 = DoubleDouble.One / 24.0;

    /// <summary>2^(j/256) for j = 0..255, to 106 bits.</summary>
    public static readonly DoubleDouble[] Powers = BuildPowers();

    private static double Remainder()
    {
        double rest = Math.ScaleB(DoubleDouble.Ln2Word0, -DoubleDouble.TableBits) - L1; // exact: the low 21 bits
        DoubleDouble.TwoSum(rest, Math.ScaleB(DoubleDouble.Ln2Word1, -DoubleDouble.TableBits), out double carry);
        return carry + Math.ScaleB(DoubleDouble.Ln2Word2, -DoubleDouble.TableBits);
    }

    /// <summary>
    /// 2^(j/256) = exp(v), v = j ln2 / 256 &lt;= ln 2: the Taylor series by Horner from the 40th term (0.7^40/40! is
    /// below 1e-54), so the rounding errors stay at a few units of 2^-106.
    /// </summary>
    private static DoubleDouble[] BuildPowers()
    {
        var powers = new DoubleDouble[1 << DoubleDouble.TableBits];
        var ln2 = new DoubleDouble(DoubleDouble.Ln2Word0, DoubleDouble.Ln2Word1);
        for (int j = 0; j < powers.Length; j++)
        {
            DoubleDouble v = DoubleDouble.ScaleB(ln2 * j, -DoubleDouble.TableBits);
            DoubleDouble sum = DoubleDouble.One;
            for (int term = 40; term >= 1; term--) sum = DoubleDouble.One + v * sum / term;
            powers[j] = sum;
        }
        return powers;
    }
}
