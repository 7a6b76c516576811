using Harness.Cases;
using Harness.Comparison;
using Reference;

namespace PropertyTests.Engine;

public sealed class ComparerTests
{
    private static Case Forward(DType dtype, params double[] x) => new(SoftmaxOp.Softmax, Pass.Forward, dtype, [x.Length], 0, x, null);

    [Fact]
    public void NaN_matches_NaN_and_an_infinity_matches_the_same_infinity_only()
    {
        Case c = Forward(DType.Float64, 0, 0, 0, 0);
        double[] expected = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
        double[] actual = [double.NaN, double.PositiveInfinity, double.PositiveInfinity, 0];
        Verdict v = Comparer.Compare(c, expected, actual, Tolerance.AllClose(1, 1));
        Assert.Equal(2, v.Mismatches);
        Assert.Equal(2, v.Worst!.FlatIndex);
    }

    [Theory]
    [InlineData(1.0, 1.0 + 1.1e-5, true)]
    [InlineData(1.0, 1.0 + 1.2e-5, false)]
    [InlineData(0.0, 1e-5, true)]
    [InlineData(0.0, -1.01e-5, false)]
    public void Allclose_follows_torch_testing_semantics(double expected, double actual, bool passes)
    {
        Verdict v = Comparer.Compare(Forward(DType.Float64, 0), [expected], [actual], Tolerance.TorchFloat32);
        Assert.Equal(passes, v.Passed);
    }

    [Fact]
    public void Ulp_distance_counts_representable_values_across_zero()
    {
        Assert.Equal(0, Ulp.Float32(0.0, -0.0));
        Assert.Equal(1, Ulp.Float32(1.0, MathF.BitIncrement(1f)));
        Assert.Equal(2, Ulp.Float32(-float.Epsilon, float.Epsilon));
        Assert.Equal(1, Ulp.Float64(1.0, Math.BitDecrement(1.0)));
        Assert.Equal(double.PositiveInfinity, Ulp.Float64(1.0, double.NaN));
    }

    [Fact]
    public void Float64_ulp_distance_is_the_exact_integer_distance_up_to_the_widest_span()
    {
        double[] edges = [0.0, -0.0, double.Epsilon, -double.Epsilon, 1.0, -1.0, double.MaxValue, -double.MaxValue, double.PositiveInfinity, double.NegativeInfinity];
        var random = new Random(5);
        IEnumerable<double> values = edges.Concat(Enumerable.Range(0, 200).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue))))
            .Where(v => !double.IsNaN(v));
        foreach (double a in values.Take(60))
            foreach (double b in values)
                Assert.Equal(IntegerDistance(a, b), Ulp.Float64(a, b));
        Assert.Equal(2 * (double)BitConverter.DoubleToInt64Bits(double.PositiveInfinity), Ulp.Float64(double.NegativeInfinity, double.PositiveInfinity));

        // The distance between the ordered bit patterns, in 128-bit integers, rounded once to double.
        static double IntegerDistance(double a, double b) => (double)Int128.Abs((Int128)Ordered(a) - Ordered(b));
        static long Ordered(double d) => BitConverter.DoubleToInt64Bits(d) is var bits && bits < 0 ? -(bits & long.MaxValue) : BitConverter.DoubleToInt64Bits(d);
    }

    [Fact]
    public void Ulp_mode_allows_exactly_max_ulps()
    {
        double one = 1.0, twoUp = MathF.BitIncrement(MathF.BitIncrement(1f));
        Assert.True(Comparer.Compare(Forward(DType.Float32, 0), [one], [twoUp], Tolerance.Ulps(2)).Passed);
        Assert.False(Comparer.Compare(Forward(DType.Float32, 0), [one], [twoUp], Tolerance.Ulps(1)).Passed);
    }

    [Fact]
    public void Model_mode_allows_more_where_the_exponent_is_larger()
    {
        // y_1 = softmax([0, -60])_1 ~ 8.8e-27; its allowed error grows with |x_1 - m| = 60, the large element's does not.
        Case c = Forward(DType.Float64, 0, -60);
        double[] expected = [1.0, Math.Exp(-60)];
        double[] relErr = [1 + 20 * ErrorModel.Epsilon(DType.Float64), expected[1] * (1 + 20 * ErrorModel.Epsilon(DType.Float64))];
        Verdict small = Comparer.Compare(c, expected, [expected[0], relErr[1]], Tolerance.Model(1));
        Verdict large = Comparer.Compare(c, expected, [relErr[0], expected[1]], Tolerance.Model(1));
        Assert.True(small.Passed, small.Describe());
        Assert.False(large.Passed, large.Describe());
    }

    [Fact]
    public void Verdict_text_has_a_header_and_aligned_fields()
    {
        Case c = new(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [2, 3], 1, [1, 2, 3, 1, 2, 3], null);
        double[] expected = [0.09003057f, 0.24472848f, 0.66524094f, 0.09003057f, 0.24472848f, 0.66524094f];
        double[] actual = (double[])expected.Clone();
        actual[5] = 0.6653f;
        Verdict v = Comparer.Compare(c, expected, actual, Tolerance.TorchFloat32, truth: [0, 0, 0, 0, 0, 0.665240955774822]);
        Assert.Equal(
            "1 of 6 elements (16.7%) outside allclose(atol=1E-05, rtol=1.3E-06)\n" +
            "Worst element [1, 2]:\n" +
            "  Expected:  0.6652409434318542  (torch)\n" +
            "  Actual:    0.6653000116348267  (accurate)\n" +
            "  Truth:     0.665240955774822\n" +
            "  Abs error: 5.906820297241211E-05  (allowed 1.0864813226461411E-05)\n" +
            "  Rel error: 8.87921940999155E-05\n" +
            "  ULP error: 991",
            v.Describe("torch", "accurate"));
    }
}
