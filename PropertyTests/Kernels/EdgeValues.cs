namespace PropertyTests.Kernels;

/// <summary>
/// The named special and boundary values that kernel tests (and generators) insert into rows. Chosen as
/// System.Numerics.Tensors' tests choose theirs: the IEEE specials (NaN, +-inf, +-0), the ends of the finite range,
/// the smallest subnormal and normal, and the values where softmax changes regime (exp overflows past about 88.7
/// in float and 709.8 in double; its output underflows below about -103 and -745).
/// </summary>
public static class EdgeValues
{
    public static readonly IReadOnlyList<double> Float32 =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1.0, -1.0,
        float.MaxValue, -float.MaxValue, float.Epsilon, -float.Epsilon, 1.17549435e-38f /* smallest normal */,
        88.72f, -103.97f, 1e4f, -1e4f,
    ];

    public static readonly IReadOnlyList<double> Float64 =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1.0, -1.0,
        double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon, 2.2250738585072014e-308 /* smallest normal */,
        709.78, -745.13, 1e4, -1e4,
    ];

    /// <summary>Rows whose special-value semantics are PyTorch's rules (see ISoftmaxKernel): NaN rows, +inf, masks.</summary>
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
}
