namespace Benchmarks;

/// <summary>The benchmarked shapes (rows x C, normalised over the last dim) and the inputs they start from.</summary>
public static class Shapes
{
    /// <summary>The table: a tiny batch, small and mid rows, a large batch, and a GPT-2 vocabulary.</summary>
    public const string Tiny = "4x10", Small = "64x128", Medium = "256x1000", Large = "1024x4096", Vocabulary = "32x50257";

    public const int Seed = 20_251_124;

    public static (int Rows, int Columns) Parse(string shape)
    {
        string[] parts = shape.Split('x');
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }

    public static int Elements(string shape)
    {
        (int rows, int columns) = Parse(shape);
        return rows * columns;
    }

    /// <summary>N(0, 2^2) logits (float32-representable), seeded.</summary>
    public static double[] Logits(int count, int seed) => Normal(count, seed, 2.0);

    public static double[] Normal(int count, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }
}
