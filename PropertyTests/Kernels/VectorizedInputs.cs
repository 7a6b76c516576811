namespace PropertyTests.Kernels;

/// <summary>
/// The inputs the vectorised kernel's tests share: the seed, the lengths and offsets, and the named edge values.
/// </summary>
/// <remarks>
/// Lengths 0..256 cover every residue of the 8-lane register and of the 4 x 8 = 32-element unrolled loop, with
/// several full blocks; 1000, 4099 (prime, just past 4096) and 50257 (a GPT-2 vocabulary) reach the compensated
/// block sums. Offsets 0..16 elements move the buffer start through every alignment of a 64-byte line for float
/// and double. Edge values follow DESIGN.md's regimes; each is swapped in at the head, in the vector body and in
/// the scalar tail of a row.
/// </remarks>
internal static class VectorizedInputs
{
    /// <summary>Every random stream in these tests starts from this seed (printed in every failure).</summary>
    public const int Seed = 20_251_107;

    public const int MaxShortLength = 256;
    public const int MaxOffset = 16;
    public static readonly int[] LongLengths = [1000, 4099, 50257];

    /// <summary>The named edge values: the shared list (Harness.Generation.EdgeValues.Named).</summary>
    public static readonly IReadOnlyList<(string Name, double Value)> NamedEdgeValues = Harness.Generation.EdgeValues.Named;

    /// <summary>N(0, scale^2) values, exactly representable in float32 (so both dtypes see the same numbers).</summary>
    public static double[] Normal(Random random, int count, double scale = 1.0)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }

    /// <summary>Indices of a row of <paramref name="length"/> that hit the head, the unrolled body, the single-register
    /// loop and the scalar tail of an 8-lane pass (deduplicated, in range).</summary>
    public static int[] PositionClasses(int length)
    {
        int[] candidates = [0, 1, 7, 8, length / 2, length - (length % 8) - 1, length - (length % 8), length - 2, length - 1];
        return candidates.Where(i => i >= 0 && i < length).Distinct().Order().ToArray();
    }
}
