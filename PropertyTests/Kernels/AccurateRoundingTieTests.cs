using Harness.Cases;
using Harness.Oracles;
using Harness.Subjects;
using Reference;
using Reference.Accurate;

namespace PropertyTests.Kernels;

/// <summary>
/// Outputs a hair from a float rounding tie (within a few double ulps, most within a millionth of one), where no
/// double computation can decide the rounding: the accurate kernel's float32 forward must notice (Ziv's test) and
/// redo them in double-double. With the test disabled, a double computation misrounds about half of them.
/// </summary>
public sealed class AccurateRoundingTieTests
{
    /// <summary>
    /// Rows [0, x] with x = -(2j + 1) 2^-24: softmax's second output is sigmoid(x) = 1/2 + x/4 - x^3/48 + ..., and
    /// 1/2 + x/4 is a float tie (an odd multiple of 2^-26 in [1/4, 1/2)); x^3/48 moves the exact value by at most
    /// 1.3 double ulps (2^-54 there) for these x, j &lt; 128.
    /// </summary>
    [Fact]
    public void Softmax_outputs_at_float_ties_are_correctly_rounded()
    {
        const int rows = 128;
        var x = new double[2 * rows];
        for (int j = 0; j < rows; j++) x[2 * j + 1] = -(2 * j + 1) * Math.ScaleB(1.0, -24);
        AssertCorrectlyRounded(new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [rows, 2], -1, x, null, "rounding_ties"), tieColumn: 1);
    }

    /// <summary>
    /// Rows [0, x, z1, z2, z3] built with mpmath (300 bits): for a random x in [-5.3, -0.3], the tie T just below
    /// x - log(1 + e^x) is picked, and z1 &gt; z2 &gt; z3, each the float just below log of what is still missing,
    /// bring the sum of exponentials to exp(x - T) to within about 2^-80, so that log_softmax's second output is T.
    /// </summary>
    [Fact]
    public void LogSoftmax_outputs_at_float_ties_are_correctly_rounded()
    {
        int width = LogTieRows[0].Length;
        var x = new double[LogTieRows.Length * width];
        for (int r = 0; r < LogTieRows.Length; r++)
        {
            for (int c = 0; c < width; c++) x[r * width + c] = BitConverter.UInt32BitsToSingle(LogTieRows[r][c]);
        }
        AssertCorrectlyRounded(new Case(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float32, [LogTieRows.Length, width], -1, x, null, "rounding_ties"), tieColumn: 1);
    }

    /// <summary>
    /// The fallback's closer look drops the bound's terms for the rounding of x - max only when every difference of
    /// the row is exact: float inputs whose exponents lie at most 28 apart always are, 29 or more apart need not be;
    /// -inf (a masked element) counts as exact.
    /// </summary>
    [Theory]
    [InlineData(new[] { 0f, -3.5f, 2.25f }, true)]
    [InlineData(new[] { 1f, 3.7252903e-9f }, true)] // 2^-28 next to 1: 52 bits
    [InlineData(new[] { 1f, 1.1920929e-7f, -1e-9f }, false)] // 1e-9 is 2^-30 next to 1
    [InlineData(new[] { 1e10f, 1.5e-7f }, false)]
    [InlineData(new[] { 5f, float.NegativeInfinity, -1f }, true)]
    public void Differences_from_the_maximum_are_exact_unless_exponents_lie_far_apart(float[] x, bool exact)
    {
        bool actual = AccurateKernel.DifferencesAreExact(x, new Row(x.Length, 1), x.Max());
        Assert.True(exact == actual, $"DifferencesAreExact([{string.Join(", ", x)}]): expected {exact}, actual {actual} ({LaneWidth.Describe()})");
    }

    private static void AssertCorrectlyRounded(Case c, int tieColumn)
    {
        double[] truth = new ExactOracle().Evaluate(c);
        double[] actual = new KernelSubject(new AccurateKernel()).Evaluate(c);
        int width = c.Shape[1];
        for (int r = 0; r < c.Shape[0]; r++)
        {
            // The construction: the truth (rounded to odd, so within one double ulp) sits next to a float tie.
            long low = BitConverter.DoubleToInt64Bits(truth[r * width + tieColumn]) & ((1L << 29) - 1);
            Assert.True(Math.Abs(low - (1L << 28)) <= 8, $"row {r}: {truth[r * width + tieColumn]:R} is not next to a float tie ({LaneWidth.Describe()})");
        }
        var misrounded = new List<string>();
        for (int i = 0; i < truth.Length; i++)
        {
            if ((float)actual[i] != (float)truth[i]) misrounded.Add($"[{i / width}, {i % width}]: {(float)actual[i]:R} instead of {(float)truth[i]:R}");
        }
        Assert.True(misrounded.Count == 0, $"{misrounded.Count} of {truth.Length} outputs misrounded ({LaneWidth.Describe()}): {string.Join("; ", misrounded.Take(5))}");
    }

    /// <summary>The rows of <see cref="LogSoftmax_outputs_at_float_ties_are_correctly_rounded"/>, as float bits.</summary>
    private static readonly uint[][] LogTieRows =
    [
        [0x00000000, 0xC05A874F, 0xC15B831F, 0xC1F0CD32, 0xC22F9442],
        [0x00000000, 0xC0804932, 0xC1579C03, 0xC1E61E97, 0xC229D489],
        [0x00000000, 0xC088D4BA, 0xC1589764, 0xC1F4CD09, 0xC22F3CB3],
        [0x00000000, 0xC0A0645D, 0xC155A2E6, 0xC1EE8CAA, 0xC2368DFD],
        [0x00000000, 0xC07FF7B1, 0xC158A8F8, 0xC1FA2AA3, 0xC233A4BB],
        [0x00000000, 0xC09D2C08, 0xC152FB1F, 0xC1D8C395, 0xC2227237],
        [0x00000000, 0xBEE3DA77, 0xC16B0430, 0xC1F2FEEB, 0xC22F2F08],
        [0x00000000, 0xC0283302, 0xC15E8A1D, 0xC1E5917B, 0xC229DCED],
        [0x00000000, 0xC0A0897E, 0xC1572195, 0xC1E1EFD0, 0xC229214D],
        [0x00000000, 0xC062DF32, 0xC15B2DDC, 0xC1E21B00, 0xC22F731D],
        [0x00000000, 0xC099BE7C, 0xC1572BC2, 0xC1E82B76, 0xC2301E18],
        [0x00000000, 0xBF5DB421, 0xC163B802, 0xC1FF33BC, 0xC23EB22B],
        [0x00000000, 0xC0294D56, 0xC15EE19F, 0xC1DF12A9, 0xC226CE3E],
        [0x00000000, 0xBFC434E5, 0xC163E822, 0xC1E29BD0, 0xC2336F82],
        [0x00000000, 0xC0413417, 0xC15EC4BF, 0xC1E0281B, 0xC22A8C1D],
        [0x00000000, 0xC04ADC76, 0xC15B657A, 0xC1E4B036, 0xC23049AF],
        [0x00000000, 0xBEBB2C1E, 0xC167CC07, 0xC1EAEC3A, 0xC22FA487],
        [0x00000000, 0xBFB11B69, 0xC16605AD, 0xC1E9A3BC, 0xC22C2B07],
        [0x00000000, 0xBFD944CA, 0xC162EBD7, 0xC1F173E9, 0xC22DD355],
        [0x00000000, 0xC09C371B, 0xC1530032, 0xC1DA71A0, 0xC2238FB6],
        [0x00000000, 0xC0841DB7, 0xC1570008, 0xC1DE8347, 0xC23058FA],
        [0x00000000, 0xBF8C8BF4, 0xC163C599, 0xC1E4A8B8, 0xC229A65E],
        [0x00000000, 0xC08924BE, 0xC1562A53, 0xC1E7DE65, 0xC230C6E3],
        [0x00000000, 0xBF7E6C1C, 0xC1643125, 0xC1F2C4A6, 0xC2312E76],
        [0x00000000, 0xC058C8E9, 0xC15A22DC, 0xC1EF62E7, 0xC22C7E71],
        [0x00000000, 0xBF6EF99B, 0xC165449D, 0xC1F0F092, 0xC22F5243],
        [0x00000000, 0xBE9E24C6, 0xC16B0AC3, 0xC1F807AE, 0xC239F303],
        [0x00000000, 0xC0950657, 0xC1540583, 0xC1DA3104, 0xC2225FD7],
        [0x00000000, 0xBFAC73BC, 0xC163C303, 0xC1EAD6A9, 0xC22E7BB7],
        [0x00000000, 0xBFB04ED6, 0xC16477EC, 0xC1E46ABA, 0xC227EADF],
        [0x00000000, 0xC0A6C992, 0xC154036A, 0xC1D9B5E8, 0xC234B793],
        [0x00000000, 0xC0952F6C, 0xC1558853, 0xC1DA5848, 0xC225A278],
        [0x00000000, 0xBFDF8E29, 0xC162D1B5, 0xC1E0D4A8, 0xC2258FC6],
        [0x00000000, 0xC0A36FBD, 0xC156C8B3, 0xC1DADA2C, 0xC22768A3],
        [0x00000000, 0xC03FC063, 0xC15EA375, 0xC1EC01D8, 0xC22B0974],
        [0x00000000, 0xC06C1B13, 0xC15983FA, 0xC1E1ECDB, 0xC2296183],
        [0x00000000, 0xBFA9757A, 0xC16580C6, 0xC1E593D5, 0xC2299F59],
        [0x00000000, 0xC0A027FA, 0xC153C2BE, 0xC1D95BC2, 0xC225D673],
        [0x00000000, 0xC0703496, 0xC15A8B30, 0xC1DD13A1, 0xC22FA83D],
        [0x00000000, 0xC0A44013, 0xC1531137, 0xC1DA9413, 0xC2241571],
        [0x00000000, 0xC0989942, 0xC156F1C7, 0xC1DFDECF, 0xC2250B8D],
        [0x00000000, 0xBFE59FF9, 0xC16342E8, 0xC1E1B289, 0xC2295B5B],
        [0x00000000, 0xC006C7E1, 0xC161E02A, 0xC1F257B1, 0xC230C570],
        [0x00000000, 0xBF909CA4, 0xC166FAB5, 0xC1E565E8, 0xC22BA598],
        [0x00000000, 0xBF83A633, 0xC166BF15, 0xC1EBEE81, 0xC22B09E5],
        [0x00000000, 0xBF202DC8, 0xC165D515, 0xC1E58530, 0xC228860A],
        [0x00000000, 0xBFE74513, 0xC16329FD, 0xC1E19FD2, 0xC2271E30],
        [0x00000000, 0xC05431F9, 0xC15AECEE, 0xC1DE4D5E, 0xC225FC4F],
    ];
}
