using Harness.Generation;

namespace PropertyTests.Engine;

/// <summary>The generators' value source: the batched normal draw must be the scalar stream, bit for bit.</summary>
public sealed class ValueSourceTests
{
    [Fact]
    public void A_batch_of_normals_is_the_same_values_and_leaves_the_same_state_as_one_draw_at_a_time()
    {
        int[] lengths = [.. Enumerable.Range(0, 41), 255, 1000, 4099];
        for (ulong seed = 0; seed < 60; seed++)
            foreach (int length in lengths)
            {
                var scalar = new ValueSource(seed * 0x9E3779B97F4A7C15UL + (ulong)length);
                var batched = scalar;
                double[] expected = new double[length], actual = new double[length];
                for (int i = 0; i < length; i++) expected[i] = scalar.NextNormal();
                batched.NextNormals(actual);
                Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
                Assert.Equal(scalar.NextULong(), batched.NextULong());
            }
    }

    [Fact]
    public void Batches_reach_both_tails_of_the_normal()
    {
        var source = new ValueSource(42);
        var values = new double[20_000];
        source.NextNormals(values);
        // Draws beyond the central ratio's region (|z| > 1.97) take the scalar tail formula inside a batch.
        Assert.Contains(values, v => v < -2.5);
        Assert.Contains(values, v => v > 2.5);
        Assert.InRange(values.Average(), -0.05, 0.05);
    }
}
