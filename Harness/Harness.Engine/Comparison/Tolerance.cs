using System.Globalization;
using Harness.Cases;

namespace Harness.Comparison;

/// <summary>
/// A tolerance: one mode and its parameters. NaN must match NaN and an infinity the same infinity in every mode;
/// the mode decides only between finite values.
/// </summary>
public sealed record Tolerance(ToleranceMode Mode, double Atol = 0, double Rtol = 0, double MaxUlps = 0, double K = 0)
{
    /// <summary>The `parity` profile's extra rule (<see cref="ParityRule"/>): when the subject misses torch and the
    /// truth is known, an element also passes when it is no further from the truth than torch's (plus one rounding
    /// step of the dtype). Set by the tolerance table of the profile in force, not by a tolerance file.</summary>
    public bool NoWorseThanTorch { get; init; }

    /// <summary>torch.testing.assert_close's defaults for float32: rtol 1.3e-6, atol 1e-5.</summary>
    public static readonly Tolerance TorchFloat32 = AllClose(atol: 1e-5, rtol: 1.3e-6);

    /// <summary>torch.testing.assert_close's defaults for float64: rtol 1e-7, atol 1e-7.</summary>
    public static readonly Tolerance TorchFloat64 = AllClose(atol: 1e-7, rtol: 1e-7);

    public static Tolerance AllClose(double atol, double rtol) => new(ToleranceMode.AllClose, Atol: atol, Rtol: rtol);

    public static Tolerance Ulps(double maxUlps) => new(ToleranceMode.Ulp, MaxUlps: maxUlps);

    public static Tolerance Model(double k) => new(ToleranceMode.Model, K: k);

    /// <summary>torch.testing.assert_close's default for the dtype.</summary>
    public static Tolerance TorchDefault(DType dtype) => dtype == DType.Float32 ? TorchFloat32 : TorchFloat64;

    public string ModeName => Mode switch
    {
        ToleranceMode.AllClose => "allclose",
        ToleranceMode.Ulp => "ulp",
        ToleranceMode.Model => "model",
        _ => throw new InvalidOperationException(),
    };

    public override string ToString() => Mode switch
    {
        ToleranceMode.AllClose => $"allclose(atol={Format(Atol)}, rtol={Format(Rtol)})",
        ToleranceMode.Ulp => $"ulp(max={Format(MaxUlps)})",
        ToleranceMode.Model => $"model(k={Format(K)})",
        _ => "?",
    };

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
