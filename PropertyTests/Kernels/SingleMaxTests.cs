using Reference.Vectorized;

namespace PropertyTests.Kernels;

/// <summary>The vectorised kernel's float-lane row maximum against a plain loop, at every length and position.</summary>
public sealed class SingleMaxTests
{
    [Fact]
    public void Finds_the_largest_element_wherever_it_is()
    {
        var random = new Random(17);
        for (int length = 1; length <= 80; length++)
        {
            for (int at = 0; at < length; at++)
            {
                float[] x = new float[length];
                for (int i = 0; i < length; i++) x[i] = (float)(random.NextDouble() * 200 - 100);
                x[at] = 150f + at;
                Assert.Equal(150f + at, SingleMax.Of(ref x[0], length));
            }
        }
    }

    [Theory]
    [InlineData(float.NegativeInfinity, float.NegativeInfinity)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(-3e38f, -3e38f)]
    public void A_row_of_one_repeated_value_has_that_maximum(float value, float expected)
    {
        foreach (int length in new[] { 1, 7, 8, 16, 33, 64 })
        {
            float[] x = Enumerable.Repeat(value, length).ToArray();
            Assert.Equal(expected, SingleMax.Of(ref x[0], length));
        }
    }

    [Fact]
    public void Negative_values_only_still_give_their_maximum_not_zero()
    {
        float[] x = Enumerable.Range(1, 40).Select(i => -(float)i).ToArray();
        Assert.Equal(-1f, SingleMax.Of(ref x[0], x.Length));
    }
}
