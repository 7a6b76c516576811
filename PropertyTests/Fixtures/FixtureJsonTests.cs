using Harness.Cases;
using Harness.Comparison;
using Harness.Fixtures;
using Reference;

namespace PropertyTests.Fixtures;

/// <summary>The file format: values survive a round trip bit for bit, and the text is pinned.</summary>
public sealed class FixtureJsonTests
{
    /// <summary>Float64 edge values: NaN, both infinities, -0, the smallest and largest subnormals, the largest
    /// finite value, and values with no short decimal form.</summary>
    private static readonly double[] Float64Edges =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon,
        BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF), double.MaxValue, 0.1, 1.0 / 3, -2.5e-300,
    ];

    /// <summary>Float32 edge values, held widened as a float32 case holds them.</summary>
    private static readonly double[] Float32Edges =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon,
        BitConverter.Int32BitsToSingle(0x007F_FFFF), float.MaxValue, 0.1f, 1f / 3, -16777215f,
    ];

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Serialize_then_Deserialize_keeps_every_value_bit_for_bit(DType dtype)
    {
        double[] edges = dtype == DType.Float32 ? Float32Edges : Float64Edges;
        double[] dy = edges.Reverse().ToArray();
        var c = new Case(SoftmaxOp.LogSoftmax, Pass.Backward, dtype, [2, 5], 0, edges, dy, "edges");
        Fixture f = FixtureSamples.Make(c, dy, edges);

        Fixture back = RoundTrip(f);

        AssertBits(edges, back.Case.X);
        AssertBits(dy, back.Case.Dy!);
        AssertBits(dy, back.Expected);
        AssertBits(edges, back.Actual);
        Assert.Equal([2, 5], back.Case.Shape);
        Assert.Equal(0, back.Case.Dim);
        Assert.Equal("edges", back.Case.Regime);
        Assert.Equal(f.Verdict with { Worst = null }, back.Verdict with { Worst = null });
        Assert.Equal(f.Verdict.Worst!.Index, back.Verdict.Worst!.Index);
        int[] sameIndex = [];
        Assert.Equal(f.Verdict.Worst with { Index = sameIndex }, back.Verdict.Worst with { Index = sameIndex });
        Assert.Equal(f.Provenance, back.Provenance);
        Assert.Equal(f.Tolerance, back.Tolerance);
    }

    [Fact]
    public void The_recorded_profile_round_trips_and_an_unknown_one_names_its_field()
    {
        var c = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
        Fixture f = FixtureSamples.Make(c, c.X, c.X) with { Profile = "parity", ToleranceSource = "tolerances.parity.json built into Harness.Engine 0.2.0.0" };
        string text = FixtureJson.Serialize(f);
        Assert.Contains("\"profile\": {", text, StringComparison.Ordinal);
        Fixture back = RoundTrip(f);
        Assert.Equal("parity", back.Profile);
        Assert.Equal(f.ToleranceSource, back.ToleranceSource);
        Assert.Null(RoundTrip(f with { Profile = null, ToleranceSource = null }).Profile);

        var e = Assert.Throws<FixtureFormatException>(() =>
            FixtureJson.Deserialize("f.json", System.Text.Encoding.UTF8.GetBytes(text.Replace("\"name\": \"parity\"", "\"name\": \"lenient\"")), FixtureLimits.Default));
        Assert.Contains("profile.name", e.Message);
        Assert.Contains("parity or strict", e.Message);
    }

    [Fact]
    public void Float32_values_are_written_in_the_floats_own_shortest_form()
    {
        var c = FixtureSamples.Softmax2x3([0.1f, 1f / 3, float.Epsilon, -0f, 16777216f, 3.4028235e38f], DType.Float32);
        string text = FixtureJson.Serialize(FixtureSamples.Make(c, c.X, c.X));
        Assert.Contains("\"x\": [0.1, 0.33333334, 1E-45, -0, 16777216, 3.4028235E+38]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_is_stable_through_a_round_trip()
    {
        var c = FixtureSamples.Softmax2x3([1, double.NaN, -0.0, double.NegativeInfinity, 5e-324, 2]);
        Fixture f = FixtureSamples.Make(c, c.X, c.X);
        string text = FixtureJson.Serialize(f);
        Assert.Equal(text, FixtureJson.Serialize(RoundTrip(f)));
    }

    [Fact]
    public void Serialize_writes_the_documented_layout()
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Backward, DType.Float32, [1, 2], 1, [0.5, double.PositiveInfinity], [1, -0.0], "doc");
        Fixture f = FixtureSamples.Make(c, [0.25, double.NaN], [0.25, double.NaN], token: "seed:42");
        string expected = """
            {
              "schema": 1,
              "subject": "accurate",
              "replayToken": "seed:42",
              "provenance": {
                "torchVersion": "2.10.0.0",
                "harnessVersion": "0.1.0",
                "threads": 1,
                "cpuCapability": "avx2",
                "date": "2025-01-31T12:00:00.0000000+00:00"
              },
              "tolerance": {
                "mode": "allclose",
                "atol": 1E-05,
                "rtol": 1.3E-06,
                "ulp": 0,
                "k": 0
              },
              "verdict": {
                "count": 2,
                "mismatches": 0,
                "maxAbsError": 0,
                "maxRelError": 0,
                "maxUlpError": 0,
                "worst": {
                  "flatIndex": 0,
                  "index": [0, 0],
                  "expected": 0.25,
                  "actual": 0.25,
                  "absError": 0,
                  "relError": 0,
                  "ulpError": 0,
                  "allowed": 1.0325E-05,
                  "truth": null
                }
              },
              "case": {
                "op": "softmax",
                "pass": "backward",
                "dtype": "float32",
                "shape": [1, 2],
                "dim": 1,
                "regime": "doc",
                "x": [0.5, "Infinity"],
                "dy": [1, -0]
              },
              "expected": [0.25, "NaN"],
              "actual": [0.25, "NaN"]
            }

            """;
        Assert.Equal(expected, FixtureJson.Serialize(f));
    }

    [Fact]
    public void Serialize_refuses_a_verdict_made_under_another_tolerance()
    {
        var c = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
        Fixture f = FixtureSamples.Make(c, c.X, c.X) with { Tolerance = Tolerance.Ulps(4) };
        var e = Assert.Throws<ArgumentException>(() => FixtureJson.Serialize(f));
        Assert.Equal("The verdict was made under allclose(atol=1E-07, rtol=1E-07), the fixture's tolerance is ulp(max=4); they must be the same. (Parameter 'f')", e.Message);
    }

    private static Fixture RoundTrip(Fixture f) =>
        FixtureJson.Deserialize("memory.json", System.Text.Encoding.UTF8.GetBytes(FixtureJson.Serialize(f)), FixtureLimits.Default);

    private static void AssertBits(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(actual[i]), $"[{i}] expected NaN, got {actual[i]:R}");
            else Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"[{i}] expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
