namespace PropertyTests.Foundation;

/// <summary>
/// Worked examples from the seed notebooks, kept as named data. They are printed to 8 decimal places there, so
/// they are compared with <see cref="PrintedPrecision"/>: half a unit in the 8th place plus float64 rounding.
/// </summary>
internal static class GoldenValues
{
    /// <summary>The seed documents print 8 decimals: anything within 5e-9 matches the printed value.</summary>
    public const double PrintedPrecision = 5e-9 + 1e-15;

    public static readonly double[] Softmax2x2Input = [1, 2, 2, 5];
    public static readonly double[] Softmax2x2Output = [0.26894142, 0.73105858, 0.04742587, 0.95257413];
    public static readonly double[] Softmax2x2Dy = [1, 3, 2, 4];
    public static readonly double[] Softmax2x2Dx = [-0.39322387, 0.39322387, -0.09035332, 0.09035332];

    public static readonly double[] Softmax123Input = [1, 2, 3];
    public static readonly double[] Softmax123Output = [0.09003057, 0.24472847, 0.66524096];

    /// <summary>The Jacobian of softmax at [1, 2, 3], row-major 3x3 (symmetric: diag(y) - y y^T).</summary>
    public static readonly double[] Jacobian123 =
    [
        0.08192507, -0.02203304, -0.05989202,
        -0.02203304, 0.18483645, -0.1628034,
        -0.05989202, -0.1628034, 0.22269543,
    ];

    /// <summary>Backward from the output: A = softmax(z) given, dL/dA given, dL/dZ expected (printed to 4 decimals).</summary>
    public static readonly double[] OutputA = [0.1, 0.2, 0.7];
    public static readonly double[] OutputGradient = [0.01, -0.03, 0.02];
    public static readonly double[] InputGradient = [0.0001, -0.0078, 0.0077];

    /// <summary>dL/dZ above is exact in decimal (0.1*(0.01-0.001) etc.); float64 rounding is all that separates it.</summary>
    public const double ExactDecimalPrecision = 1e-15;
}
