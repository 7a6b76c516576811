using System.Globalization;
using System.Text;

namespace Harness.Comparison;

/// <summary>
/// The outcome of comparing a subject's output with the oracle's for one case: how many elements missed, and the
/// worst one (the largest error relative to what the tolerance allows; special-value mismatches first).
/// The largest absolute, relative and ULP errors over all comparable elements feed the error statistics.
/// </summary>
public sealed record Verdict(
    int Count,
    int Mismatches,
    ElementReport? Worst,
    double MaxAbsError,
    double MaxRelError,
    double MaxUlpError,
    Tolerance Tolerance)
{
    public bool Passed => Mismatches == 0;

    public double MismatchShare => Count == 0 ? 0 : (double)Mismatches / Count;

    /// <summary>
    /// The failure text, xunit style: a header line, then aligned fields. The format is pinned by a test:
    /// <code>
    /// 2 of 6 elements (33.3%) outside allclose(atol=1E-05, rtol=1.3E-06)
    /// Worst element [1, 2]:
    ///   Expected:  0.6652409   (torch)
    ///   Actual:    0.66526    (accurate)
    ///   Truth:     0.665240955774822
    ///   Abs error: 1.9E-05  (allowed 1.086E-05)
    ///   Rel error: 2.9E-05
    ///   ULP error: 319
    /// </code>
    /// </summary>
    public string Describe(string expectedName = "torch", string actualName = "subject")
    {
        var text = new StringBuilder();
        string share = (100.0 * MismatchShare).ToString("0.0", CultureInfo.InvariantCulture);
        text.Append(Passed
            ? $"all {Count} elements within {Tolerance}"
            : $"{Mismatches} of {Count} elements ({share}%) outside {Tolerance}");
        if (Worst is { } w)
        {
            text.Append('\n').Append(Passed ? "Largest error at " : "Worst element ").Append(w.IndexText).Append(':');
            AppendField(text, "Expected", $"{Number(w.Expected)}  ({expectedName})");
            AppendField(text, "Actual", $"{Number(w.Actual)}  ({actualName})");
            if (w.Truth is double truth) AppendField(text, "Truth", Number(truth));
            string allowed = Tolerance.Mode == ToleranceMode.Ulp ? $"{Number(w.Allowed)} ULP" : Number(w.Allowed);
            AppendField(text, "Abs error", $"{Number(w.AbsError)}  (allowed {allowed})");
            AppendField(text, "Rel error", Number(w.RelError));
            AppendField(text, "ULP error", Number(w.UlpError));
        }
        return text.ToString();
    }

    private static void AppendField(StringBuilder text, string name, string value) =>
        text.Append('\n').Append("  ").Append((name + ":").PadRight(11)).Append(value);

    internal static string Number(double v) => v switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ => v.ToString("R", CultureInfo.InvariantCulture),
    };
}
