namespace PropertyTests.Kernels;

/// <summary>
/// The lane width this process runs is the one scripts/lane-widths.sh asked for: a runtime that silently ignored
/// its variable (as .NET 10 ignores DOTNET_EnableAVX512F=0) would otherwise run the widest lanes again and the
/// other paths never.
/// </summary>
public sealed class LaneWidthTests
{
    [Fact]
    public void The_process_runs_the_lane_width_the_script_asked_for()
    {
        int? expected = LaneWidth.ParseExpected(Environment.GetEnvironmentVariable(LaneWidth.ExpectVariable));
        if (expected is null) return; // a plain run: whatever the machine offers
        Assert.True(expected == LaneWidth.Bits,
            $"The lane width differs from the one asked for ({LaneWidth.ExpectVariable}).{Environment.NewLine}" +
            $"  Expected: {LaneWidth.Describe(expected.Value)}{Environment.NewLine}" +
            $"  Actual:   {LaneWidth.Describe()}");
    }

    [Theory]
    [InlineData(512, "lanes: 512-bit (Vector512)")]
    [InlineData(128, "lanes: 128-bit (Vector128)")]
    [InlineData(0, "lanes: scalar (no hardware intrinsics)")]
    public void Describe_names_the_width(int bits, string text) => Assert.Equal(text, LaneWidth.Describe(bits));

    [Fact]
    public void An_unknown_expected_width_is_an_error() => Assert.Throws<ArgumentException>(() => LaneWidth.ParseExpected("1024"));
}
