namespace Harness.Generation;

/// <summary>
/// The named special and boundary values that generators and tests share (one list, STYLE.md habit 4). Chosen to
/// cover every IEEE 754 class (zeros of both signs, subnormals, normals at the extremes, infinities, NaN) and the
/// thresholds where softmax breaks: exp overflows above ~88.72 (float32) and ~709.78 (float64), underflows to
/// subnormal below ~-87.34 / -708.40 and to zero below ~-103.97 / -745.13. The kernel tests insert the same values
/// at every position class of a row (<see cref="Named"/>) and check PyTorch's special-value rules on
/// <see cref="SpecialRows"/>.
/// </summary>
public static class EdgeValues
{
    public static readonly IReadOnlyList<double> Float32 =
    [
        0.0, -0.0, 1.0, -1.0, 0.5, 2.0,
        float.Epsilon, -float.Epsilon, 1.17549435e-38f /* smallest normal */, 1e-30f,
        88.0f, 88.72f, 88.8f /* exp overflows */, 89.0f, -87.5f /* exp subnormal */, -103.97f, -104.0f /* exp underflows to 0 */,
        1e4f, -1e4f, 3.4028235e38f, -3.4028235e38f,
        float.PositiveInfinity, float.NegativeInfinity, float.NaN,
    ];

    public static readonly IReadOnlyList<double> Float64 =
    [
        0.0, -0.0, 1.0, -1.0, 0.5, 2.0,
        double.Epsilon, -double.Epsilon, 2.2250738585072014e-308 /* smallest normal */, 1e-300,
        709.0, 709.78, 710.0 /* exp overflows */, -708.5 /* exp subnormal */, -745.13, -746.0 /* exp underflows to 0 */,
        88.8, 1e4, -1e4, double.MaxValue, -double.MaxValue,
        double.PositiveInfinity, double.NegativeInfinity, double.NaN,
    ];

    /// <summary>Edge values by name, for tests that insert each one at the head, body and tail of a row. "dominant" is a
    /// logit 60 above N(0,1) data: the other probabilities fall below 1e-26 and log_softmax's largest output is a
    /// tiny negative number.</summary>
    public static readonly IReadOnlyList<(string Name, double Value)> Named =
    [
        ("NaN", double.NaN),
        ("+inf", double.PositiveInfinity),
        ("-inf", double.NegativeInfinity),
        ("+0", 0.0),
        ("-0", -0.0),
        ("float32 subnormal", 1.401298464324817e-45),
        ("float32 smallest normal", 1.1754943508222875e-38),
        ("+1e4", 1e4),
        ("-1e4", -1e4),
        ("dominant", 60.0),
    ];

    /// <summary>Rows whose results are fixed by PyTorch's special-value rules (see ISoftmaxKernel): NaN rows, +inf,
    /// masks, signed zeros, the widest finite spread.</summary>
    public static readonly IReadOnlyList<(string Name, double[] Row)> SpecialRows =
    [
        ("nan_in_row", [double.NaN, 1, 2]),
        ("plus_inf_with_finite", [double.PositiveInfinity, 1, 2]),
        ("two_plus_inf", [double.PositiveInfinity, double.PositiveInfinity, 0]),
        ("all_minus_inf", [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity]),
        ("masked", [1, double.NegativeInfinity, 2]),
        ("one_finite_rest_masked", [double.NegativeInfinity, 0.5, double.NegativeInfinity]),
        ("signed_zeros", [0.0, -0.0, 0.0]),
        ("largest_finite_spread", [3.4028234663852886e38, -3.4028234663852886e38, 0]),
        ("single_minus_inf", [double.NegativeInfinity]),
        ("single_nan", [double.NaN]),
    ];

    /// <summary>Row lengths that hit vector head and tail paths: around multiples of 4, 8 and 16, and a 50k vocabulary.</summary>
    public static readonly IReadOnlyList<int> RowLengths =
    [
        1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 127, 128, 129, 255, 256, 257,
    ];

    /// <summary>GPT-2's vocabulary size: the long row of a language model's output layer.</summary>
    public const int VocabularyRow = 50_257;
}
