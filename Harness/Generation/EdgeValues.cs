namespace Harness.Generation;

/// <summary>
/// The named special and boundary values that generators and tests share (one list, STYLE.md habit 4). Chosen to
/// cover every IEEE 754 class (zeros of both signs, subnormals, normals at the extremes, infinities, NaN) and the
/// thresholds where softmax breaks: exp overflows above ~88.72 (float32) and ~709.78 (float64), underflows to
/// subnormal below ~-87.34 / -708.40 and to zero below ~-103.97 / -745.13.
/// </summary>
public static class EdgeValues
{
    public static readonly IReadOnlyList<double> Float32 =
    [
        0.0, -0.0, 1.0, -1.0, 0.5, 2.0,
        float.Epsilon, -float.Epsilon, 1.17549435e-38f /* smallest normal */, 1e-30f,
        88.0f, 88.8f /* exp overflows */, 89.0f, -87.5f /* exp subnormal */, -104.0f /* exp underflows to 0 */,
        1e4f, -1e4f, 3.4028235e38f, -3.4028235e38f,
        float.PositiveInfinity, float.NegativeInfinity, float.NaN,
    ];

    public static readonly IReadOnlyList<double> Float64 =
    [
        0.0, -0.0, 1.0, -1.0, 0.5, 2.0,
        double.Epsilon, -double.Epsilon, 2.2250738585072014e-308 /* smallest normal */, 1e-300,
        709.0, 710.0 /* exp overflows */, -708.5 /* exp subnormal */, -746.0 /* exp underflows to 0 */,
        88.8, 1e4, -1e4, double.MaxValue, -double.MaxValue,
        double.PositiveInfinity, double.NegativeInfinity, double.NaN,
    ];

    /// <summary>Row lengths that hit vector head and tail paths: around multiples of 4, 8 and 16, and a 50k vocabulary.</summary>
    public static readonly IReadOnlyList<int> RowLengths =
    [
        1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 127, 128, 129, 255, 256, 257,
    ];

    /// <summary>GPT-2's vocabulary size: the long row of a language model's output layer.</summary>
    public const int VocabularyRow = 50_257;
}
