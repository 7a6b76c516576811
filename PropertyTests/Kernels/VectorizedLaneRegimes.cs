namespace PropertyTests.Kernels;

/// <summary>
/// Adversarial rows for the vectorised kernel's accuracy against the truth at every lane width
/// (<see cref="VectorizedLaneAccuracyTests"/>). Each regime is one way a lane path loses accuracy: the exp of
/// x - max (full-precision doubles, whose x - max rounds), the row sum (near-ties: many equal-sized terms whose
/// roundings go one way), a dominant logit (log_softmax's output is as accurate as sum - 1), a wide spread (outputs
/// near underflow), and long rows.
/// </summary>
internal static class VectorizedLaneRegimes
{
    public static readonly string[] Names = ["normal", "wide_doubles", "near_ties", "near_ties_far", "dominant", "spread", "huge"];

    /// <summary>Row lengths: the pipelined and grouped short rows (a register and less, one and two registers of
    /// 512 bits, one past), one past a 512-bit block, the overlapped and the float lanes' long rows.</summary>
    public static readonly int[] Lengths = [7, 8, 16, 17, 33, 64, 100, 1000, 4099];

    /// <summary>Rows per case: 16 for rows up to 100 elements (short rows' outputs are few), 3 beyond.</summary>
    public static int RowsFor(int length) => length <= 100 ? 16 : 3;

    /// <summary>One row of the regime; float32 rows are rounded to float by the caller.</summary>
    public static void Fill(string regime, Span<double> row, Random random)
    {
        for (int i = 0; i < row.Length; i++)
        {
            double g = Gaussian(random);
            row[i] = regime switch
            {
                "normal" => 4 * g,
                // full 53-bit values of mixed magnitude: x - max is inexact in double for most elements
                "wide_doubles" => 20 * g + random.NextDouble() * 1e-3,
                "near_ties" => 3 + 1e-7 * g,
                "near_ties_far" => 1000 + 1e-4 * g,
                "dominant" => i == 0 ? 1 : -25 - random.NextDouble(),
                "spread" => -random.NextDouble() * 760,
                // a maximum far from 0 next to ordinary values: x - max, and anything built from max, in the 1e19-1e38 range
                "huge" => i % 5 == 0 ? Math.ScaleB(1 + random.NextDouble(), 64 + random.Next(60)) * (i % 10 == 0 ? 1 : -1) : g,
                _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, "unknown regime"),
            };
        }
    }

    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
