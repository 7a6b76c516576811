using Harness.Cases;
using Reference;

namespace PropertyTests.Kernels;

/// <summary>
/// Adversarial inputs for the accuracy tests, built deterministically from <see cref="Seed"/>: each regime is one
/// way that softmax loses accuracy (see DESIGN.md, "Numerics worth knowing").
/// </summary>
public static class AccurateRegimes
{
    /// <summary>The fixed seed of every regime (printed by the tests that use it).</summary>
    public const int Seed = 1_234_567;

    /// <summary>GPT-2's vocabulary: the long row of the brief.</summary>
    public const int VocabularyLength = 50_257;

    /// <summary>The names, in the order the tests print them.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["normal", "wide", "dominant", "overwhelming", "near_ties", "subnormal_outputs", "masked", "long_row"];

    /// <summary>A case of the regime: shape [rows, C], dim -1 (the long row: [2, 50257]; "normal" also runs dim 0).</summary>
    public static Case Build(string regime, SoftmaxOp op, Pass pass, DType dtype)
    {
        // Not HashCode.Combine: it is salted per process, and the regimes must be the same in every run.
        int index = Names.ToList().IndexOf(regime);
        var random = new Random(Seed + 100 * index + (int)dtype + 10 * (int)op + 50 * (int)pass);
        bool f32 = dtype == DType.Float32;
        (int rows, int length) = regime == "long_row" ? (2, VocabularyLength) : (16, 256);
        var x = new double[rows * length];
        for (int r = 0; r < rows; r++)
        {
            Span<double> row = x.AsSpan(r * length, length);
            Fill(regime, row, random, f32);
            for (int c = 0; c < length; c++) row[c] = f32 ? (float)row[c] : row[c];
        }
        double[]? dy = null;
        if (pass == Pass.Backward)
        {
            dy = new double[x.Length];
            for (int i = 0; i < dy.Length; i++) dy[i] = f32 ? (float)Normal(random) : Normal(random);
        }
        return new Case(op, pass, dtype, [rows, length], -1, x, dy, regime);
    }

    private static void Fill(string regime, Span<double> row, Random random, bool f32)
    {
        switch (regime)
        {
            case "normal":
                for (int c = 0; c < row.Length; c++) row[c] = 3 * Normal(random);
                break;
            case "wide": // |x| up to 1e4: without max-subtraction exp overflows
                for (int c = 0; c < row.Length; c++) row[c] = (random.NextDouble() * 2 - 1) * 1e4;
                break;
            case "dominant": // one logit 25 above the rest: the others' probabilities are near 1e-11
                for (int c = 0; c < row.Length; c++) row[c] = Normal(random);
                row[random.Next(row.Length)] += 25;
                break;
            case "overwhelming": // log_softmax of the top logit is -sum(rest), far below 1 ulp of 1
                for (int c = 0; c < row.Length; c++) row[c] = Normal(random);
                row[random.Next(row.Length)] += f32 ? 60 : 600;
                break;
            case "near_ties": // every value within a few ulps of one value
                double v = 1 + Normal(random);
                for (int c = 0; c < row.Length; c++)
                {
                    int steps = random.Next(-4, 5);
                    row[c] = f32 ? Step((float)v, steps) : Step(v, steps);
                }
                break;
            case "subnormal_outputs": // x - max spread over the whole range where exp(x - max) is subnormal
                double span = f32 ? 104 : 745;
                for (int c = 0; c < row.Length; c++) row[c] = -span * random.NextDouble();
                row[0] = 0;
                break;
            case "masked": // a third of the row masked with -inf (one element always kept)
                for (int c = 0; c < row.Length; c++) row[c] = random.NextDouble() < 1.0 / 3 ? double.NegativeInfinity : 2 * Normal(random);
                row[random.Next(row.Length)] = Normal(random);
                break;
            case "long_row":
                for (int c = 0; c < row.Length; c++) row[c] = 4 * Normal(random);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(regime), regime, "Unknown regime.");
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Step(float v, int steps)
    {
        for (; steps > 0; steps--) v = MathF.BitIncrement(v);
        for (; steps < 0; steps++) v = MathF.BitDecrement(v);
        return v;
    }

    private static double Step(double v, int steps)
    {
        for (; steps > 0; steps--) v = Math.BitIncrement(v);
        for (; steps < 0; steps++) v = Math.BitDecrement(v);
        return v;
    }
}
