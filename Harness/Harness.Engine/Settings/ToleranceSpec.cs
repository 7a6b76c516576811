using System.Globalization;
using Harness.Comparison;

namespace Harness.Settings;

/// <summary>
/// The one-line form of a tolerance used by options and environment variables:
/// <c>allclose:atol=1e-5,rtol=1.3e-6</c>, <c>ulp:4</c> or <c>model:8</c>.
/// </summary>
public static class ToleranceSpec
{
    public static string Format(Tolerance t) => t.Mode switch
    {
        ToleranceMode.AllClose => $"allclose:atol={F(t.Atol)},rtol={F(t.Rtol)}",
        ToleranceMode.Ulp => $"ulp:{F(t.MaxUlps)}",
        _ => $"model:{F(t.K)}",
    };

    /// <exception cref="SettingsException">The text is not one of the three forms.</exception>
    public static Tolerance Parse(string source, string key, string text)
    {
        const string expected = "'allclose:atol=A,rtol=R', 'ulp:N' or 'model:K' with non-negative numbers";
        string[] parts = text.Trim().Split(':', 2);
        if (parts.Length != 2) throw SettingsException.ForKey(source, key, expected, Quote(text));
        string body = parts[1];
        switch (parts[0])
        {
            case "ulp":
                return Tolerance.Ulps(Number(body));
            case "model":
                return Tolerance.Model(Number(body));
            case "allclose":
                double? atol = null, rtol = null;
                foreach (string pair in body.Split(',', StringSplitOptions.TrimEntries))
                {
                    string[] kv = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                    if (kv.Length != 2) throw SettingsException.ForKey(source, key, expected, Quote(text));
                    if (kv[0] == "atol") atol = Number(kv[1]);
                    else if (kv[0] == "rtol") rtol = Number(kv[1]);
                    else throw SettingsException.ForKey(source, key, expected, Quote(text));
                }
                if (atol is null || rtol is null) throw SettingsException.ForKey(source, key, expected, Quote(text));
                return Tolerance.AllClose(atol.Value, rtol.Value);
            default:
                throw SettingsException.ForKey(source, key, expected, Quote(text));
        }

        double Number(string s)
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
            {
                throw SettingsException.ForKey(source, key, expected, Quote(text));
            }
            return v;
        }
    }

    private static string Quote(string s) => "'" + s + "'";

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
