using Reference.Numerics;
using static PropertyTests.Kernels.DoubleDoubleTolerances;

namespace PropertyTests.Kernels;

/// <summary>
/// exp, log, log1p and expm1 against values computed with Python's decimal module at 90 digits, each written as
/// the double-double nearest the exact result for the exact double input shown.
/// </summary>
public sealed class DoubleDoubleKnownValueTests
{
    public static TheoryData<double, double, double> ExpValues => new()
    {
        { 1.0, 2.718281828459045, 1.4456468917292502e-16 },
        { 0.5, 1.6487212707001282, -4.731568479435833e-17 },
        { -0.25, 0.7788007830714049, -1.0231869534531498e-17 },
        { 10.0, 22026.465794806718, -1.3780134700517372e-12 },
        { -700.0, 9.85967654375977e-305, 8.5e-322 },
        { 1e-3, 1.0010005001667084, -4.290842058948394e-17 },
        { 100.5, 4.4319559098458955e+43, -6.1101039529390445e+26 },
        { -3.75e-5, 0.9999625007031162, 2.744950227635283e-18 },
        { 700.0, 1.0142320547350045e+304, 1.6666571920734673e+287 },
        { -1e-300, 1.0, -1e-300 },
    };

    public static TheoryData<double, double, double> LogValues => new()
    {
        { 2.0, 0.6931471805599453, 2.3190468138462996e-17 },
        { 10.0, 2.302585092994046, -2.1707562233822494e-16 },
        { 1e300, 690.7755278982137, 2.3747660028800243e-14 },
        { 0.1, -2.3025850929940455, -1.7150243628057985e-16 },
        { 5e-324, -744.4400719213812, -4.422444340918698e-14 },
        { 1.5, 0.4054651081081644, -2.8811380259626426e-18 },
        { 3e-200, -459.41840631014105, 2.4432720339066395e-14 },
    };

    public static TheoryData<double, double, double> Log1pValues => new()
    {
        { 1e-20, 1e-20, -5e-41 },
        { 0.1, 0.09531017980432487, -3.808451650416249e-19 },
        { -0.3, -0.35667494393873234, -2.6895094047056423e-17 },
        { 8.673617379884035e-19, 8.673617379884035e-19, -3.76158192263132e-37 },
        { 0.25, 0.22314355131420976, -9.091270597324799e-18 },
        { 1e-5, 9.999950000333332e-06, -2.3868637284493416e-22 },
    };

    public static TheoryData<double, double, double> Expm1Values => new()
    {
        { 1e-10, 1.00000000005e-10, 3.3900133221217734e-27 },
        { -0.3, -0.2591817793182821, -1.805530505953e-18 },
        { 0.4, 0.49182469764127035, 3.4465650470333193e-18 },
        { 3e-3, 0.003004504503377026, -3.959666761238407e-20 },
    };

    [Theory]
    [MemberData(nameof(ExpValues))]
    public void Exp_matches_the_decimal_value(double x, double hi, double lo) =>
        AssertNear(DoubleDouble.Exp(x), new DoubleDouble(hi, lo), KnownValue);

    [Theory]
    [MemberData(nameof(LogValues))]
    public void Log_matches_the_decimal_value(double x, double hi, double lo) =>
        AssertNear(DoubleDouble.Log(x), new DoubleDouble(hi, lo), KnownValue);

    [Theory]
    [MemberData(nameof(Log1pValues))]
    public void Log1p_matches_the_decimal_value(double x, double hi, double lo) =>
        AssertNear(DoubleDouble.Log1p(x), new DoubleDouble(hi, lo), KnownValue);

    [Theory]
    [MemberData(nameof(Expm1Values))]
    public void Expm1_matches_the_decimal_value(double x, double hi, double lo) =>
        AssertNear(DoubleDouble.Expm1(x), new DoubleDouble(hi, lo), KnownValue);

    [Fact]
    public void Constants_E_and_Ln2_agree_with_Exp_and_Log()
    {
        AssertNear(DoubleDouble.Exp(1.0), DoubleDouble.E, KnownValue);
        AssertNear(DoubleDouble.Log(2.0), DoubleDouble.Ln2, KnownValue);
    }

    /// <summary>2^(1/2) = exp(ln2 / 2) lands on the middle entry of the exponential's table (j = 128).</summary>
    [Fact]
    public void Exp_of_half_ln2_is_sqrt2()
    {
        var sqrt2 = new DoubleDouble(1.4142135623730951, -9.667293313452913e-17);
        AssertNear(DoubleDouble.Exp(DoubleDouble.ScaleB(DoubleDouble.Ln2, -1)), sqrt2, KnownValue);
    }

    internal static void AssertNear(DoubleDouble actual, DoubleDouble expected, double tolerance)
    {
        double rel = Relative(actual, expected);
        Assert.True(rel <= tolerance, $"expected {expected}, actual {actual}, relative error {rel:E3} > {tolerance:E3}");
    }
}
