using Harness.Cases;
using Harness.Comparison;

namespace Harness.Fixtures;

/// <summary>
/// The fixture file format, version <see cref="Fixture.CurrentSchemaVersion"/> (documented field by field in
/// fixtures/README.md). Writing is deterministic: fixed key order, two-space indent, LF line endings, numbers in
/// shortest round-trip form. Reading is strict: every field required, no unknown or duplicate field, every value
/// checked; any problem is one <see cref="FixtureFormatException"/> naming the file and the field.
/// </summary>
public static partial class FixtureJson
{
    /// <summary>The fixture as its file text (UTF-8 without BOM when written; ends with a newline).</summary>
    /// <exception cref="ArgumentException">The outputs do not match the case's element count, or the verdict was made
    /// under a different tolerance than <see cref="Fixture.Tolerance"/> (the file stores the tolerance once).</exception>
    public static string Serialize(Fixture f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Case c = f.Case;
        if (f.Expected.Length != c.Count || f.Actual.Length != c.Count)
        {
            throw new ArgumentException($"The fixture's outputs have {f.Expected.Length} (expected) and {f.Actual.Length} (actual) values; the case has {c.Count}.", nameof(f));
        }
        if (f.Verdict.Tolerance != f.Tolerance)
        {
            throw new ArgumentException($"The verdict was made under {f.Verdict.Tolerance}, the fixture's tolerance is {f.Tolerance}; they must be the same.", nameof(f));
        }
        bool float32 = c.DType == DType.Float32;
        var w = new JsonTextWriter();
        w.StartObject();
        w.Integer("schema", f.SchemaVersion);
        w.String("subject", f.Subject);
        w.String("replayToken", f.ReplayToken);

        w.StartObject("provenance");
        w.String("torchVersion", f.Provenance.TorchVersion);
        w.String("harnessVersion", f.Provenance.HarnessVersion);
        w.Integer("threads", f.Provenance.Threads);
        w.String("cpuCapability", f.Provenance.CpuCapability);
        w.String("date", f.Provenance.Date.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        w.EndObject();

        w.StartObject("tolerance");
        w.String("mode", f.Tolerance.ModeName);
        w.Number("atol", f.Tolerance.Atol, false);
        w.Number("rtol", f.Tolerance.Rtol, false);
        w.Number("ulp", f.Tolerance.MaxUlps, false);
        w.Number("k", f.Tolerance.K, false);
        w.EndObject();

        Verdict v = f.Verdict;
        w.StartObject("verdict");
        w.Integer("count", v.Count);
        w.Integer("mismatches", v.Mismatches);
        w.Number("maxAbsError", v.MaxAbsError, false);
        w.Number("maxRelError", v.MaxRelError, false);
        w.Number("maxUlpError", v.MaxUlpError, false);
        if (v.Worst is { } e)
        {
            w.StartObject("worst");
            w.Integer("flatIndex", e.FlatIndex);
            w.Integers("index", e.Index);
            w.Number("expected", e.Expected, float32);
            w.Number("actual", e.Actual, float32);
            w.Number("absError", e.AbsError, false);
            w.Number("relError", e.RelError, false);
            w.Number("ulpError", e.UlpError, false);
            w.Number("allowed", e.Allowed, false);
            if (e.Truth is double truth) w.Number("truth", truth, false);
            else w.Null("truth");
            w.EndObject();
        }
        else
        {
            w.Null("worst");
        }
        w.EndObject();

        w.StartObject("case");
        w.String("op", Names.Of(c.Op));
        w.String("pass", Names.Of(c.Pass));
        w.String("dtype", Names.Of(c.DType));
        w.Integers("shape", c.Shape);
        w.Integer("dim", c.Dim);
        w.String("regime", c.Regime);
        w.Numbers("x", c.X, float32);
        if (c.Dy is null) w.Null("dy");
        else w.Numbers("dy", c.Dy, float32);
        w.EndObject();

        w.Numbers("expected", f.Expected, float32);
        w.Numbers("actual", f.Actual, float32);
        if (f.Profile is { } profile)
        {
            // Optional: the standard the saving run judged by, so replay judges by it too.
            w.StartObject("profile");
            w.String("name", profile);
            w.String("tolerances", f.ToleranceSource ?? "");
            w.EndObject();
        }
        if (f.Error is { } error)
        {
            // Optional: only a subject that threw has it, so every other fixture's bytes stay as they were.
            w.StartObject("error");
            w.String("type", error.Type);
            w.String("message", error.Message);
            w.Strings("frames", error.Frames);
            w.EndObject();
        }
        w.EndObject();
        return w + "\n";
    }
}
