using System.Globalization;
using System.Text;
using System.Text.Json;
using Harness.Cases;
using Harness.Comparison;
using Reference;

namespace Harness.Fixtures;

public static partial class FixtureJson
{
    private static readonly string[] RootFields = ["schema", "subject", "replayToken", "provenance", "tolerance", "verdict", "case", "expected", "actual", "error", "profile"];
    private static readonly string[] ProfileFields = ["name", "tolerances"];
    private static readonly string[] ErrorFields = ["type", "message", "frames"];
    private static readonly string[] ProvenanceFields = ["torchVersion", "harnessVersion", "threads", "cpuCapability", "date"];
    private static readonly string[] ToleranceFields = ["mode", "atol", "rtol", "ulp", "k"];
    private static readonly string[] VerdictFields = ["count", "mismatches", "maxAbsError", "maxRelError", "maxUlpError", "worst"];
    private static readonly string[] WorstFields = ["flatIndex", "index", "expected", "actual", "absError", "relError", "ulpError", "allowed", "truth"];
    private static readonly string[] CaseFields = ["op", "pass", "dtype", "shape", "dim", "regime", "x", "dy"];

    /// <summary>Reads and validates a fixture file's bytes. A leading UTF-8 byte order mark is skipped.</summary>
    /// <param name="fileName">The file as messages should name it.</param>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="limits">The size and element-count limits (the size is checked here too).</param>
    /// <exception cref="FixtureFormatException">Anything about the bytes is not a version-1 fixture.</exception>
    public static Fixture Deserialize(string fileName, ReadOnlyMemory<byte> utf8, FixtureLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (utf8.Length > limits.MaxFileBytes) throw FixtureFormatException.ForFileTooLarge(fileName, utf8.Length, limits.MaxFileBytes);
        if (utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        int bad = FirstInvalidUtf8(utf8.Span);
        if (bad >= 0) throw FixtureFormatException.ForInvalidUtf8(fileName, bad, utf8.Span[bad]);

        JsonDocument doc;
        try
        {
            // Strict RFC 8259: no comments, no trailing commas; depth limited to the default 64. The document reads
            // the caller's buffer in place (no copy: a large fixture is held once).
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw FixtureFormatException.ForInvalidJson(fileName, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw FixtureFormatException.ForInvalidJson(fileName, $"{e.GetType().Name}: {e.Message}");
        }
        using (doc)
        {
            try
            {
                return Read(fileName, doc.RootElement, limits);
            }
            catch (Exception e) when (e is not FixtureFormatException)
            {
                // Read checks every field it takes; this keeps the reader total if a check was missed: whatever
                // System.Text.Json or a constructor throws (InvalidOperationException from a lone surrogate,
                // FormatException, OverflowException, ArgumentException, ...) is one malformed-file message.
                throw FixtureFormatException.ForUnexpected(fileName, e);
            }
        }
    }

    private static Fixture Read(string file, JsonElement root, FixtureLimits limits)
    {
        if (root.ValueKind != JsonValueKind.Object) throw FixtureFormatException.ForWrongType(file, "$", "an object", JsonFields.Describe(root));
        // The schema version is checked before anything else: a newer file's other fields mean nothing to this reader.
        if (!root.TryGetProperty("schema", out JsonElement schema)) throw FixtureFormatException.ForMissingField(file, "schema", "the integer " + Fixture.CurrentSchemaVersion);
        if (schema.ValueKind != JsonValueKind.Number) throw FixtureFormatException.ForWrongType(file, "schema", "the integer " + Fixture.CurrentSchemaVersion, JsonFields.Describe(schema));
        if (!schema.TryGetInt32(out int version) || version != Fixture.CurrentSchemaVersion) throw FixtureFormatException.ForUnsupportedSchema(file, schema.GetRawText());

        JsonFields r = JsonFields.Of(file, "", root, RootFields);
        string subject = r.String("subject");
        string token = r.String("replayToken");
        FixtureProvenance provenance = ReadProvenance(JsonFields.Of(file, "provenance", r.Required("provenance", "an object"), ProvenanceFields));
        Tolerance tolerance = ReadTolerance(JsonFields.Of(file, "tolerance", r.Required("tolerance", "an object"), ToleranceFields));
        Case c = ReadCase(JsonFields.Of(file, "case", r.Required("case", "an object"), CaseFields), limits);
        bool float32 = c.DType == DType.Float32;
        Verdict verdict = ReadVerdict(JsonFields.Of(file, "verdict", r.Required("verdict", "an object"), VerdictFields), c, tolerance);
        double[] expected = ReadValues(r, "expected", c.Count, ShapeText(c.Shape), float32);
        double[] actual = ReadValues(r, "actual", c.Count, ShapeText(c.Shape), float32);
        Engine.ThrownError? error = r.Has("error") ? ReadError(JsonFields.Of(file, "error", r.Required("error", "an object"), ErrorFields)) : null;
        (string Name, string Tolerances)? profile = r.Has("profile") ? ReadProfile(JsonFields.Of(file, "profile", r.Required("profile", "an object"), ProfileFields)) : null;
        return new Fixture(version, c, subject, expected, actual, verdict, tolerance, token, provenance)
        {
            Error = error,
            Profile = profile?.Name,
            ToleranceSource = profile?.Tolerances,
        };
    }

    // Optional: the profile the saving run judged by.
    private static (string Name, string Tolerances) ReadProfile(JsonFields p)
    {
        string name = p.String("name");
        if (name is not ("parity" or "strict")) throw FixtureFormatException.ForInvalidValue(p.File, p.PathOf("name"), "parity or strict", $"'{name}'");
        return (name, p.String("tolerances"));
    }

    // Optional: what the subject threw (a fixture of a subject that returned an output has no "error").
    private static Engine.ThrownError ReadError(JsonFields e)
    {
        string type = e.String("type");
        string message = e.String("message");
        JsonElement frames = e.Required("frames", "an array of strings");
        if (frames.ValueKind != JsonValueKind.Array) throw e.WrongType("frames", "an array of strings", frames);
        var list = new List<string>();
        foreach (JsonElement frame in frames.EnumerateArray())
        {
            if (frame.ValueKind != JsonValueKind.String) throw FixtureFormatException.ForWrongType(e.File, $"{e.PathOf("frames")}[{list.Count}]", "a string", JsonFields.Describe(frame));
            list.Add(frame.GetString()!);
        }
        return new Engine.ThrownError(type, message, list);
    }

    private static FixtureProvenance ReadProvenance(JsonFields p)
    {
        string torch = p.String("torchVersion");
        string harness = p.String("harnessVersion");
        int threads = p.Integer("threads", "a non-negative integer", min: 0);
        string cpu = p.String("cpuCapability");
        string dateText = p.String("date");
        if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date))
        {
            throw FixtureFormatException.ForInvalidValue(p.File, p.PathOf("date"), "an ISO 8601 date and time, e.g. 2025-01-31T12:00:00.0000000+00:00", Quote(dateText));
        }
        return new FixtureProvenance(torch, harness, threads, cpu, date);
    }

    private static Tolerance ReadTolerance(JsonFields t)
    {
        string mode = t.String("mode");
        double atol = t.Number("atol", false, false, nonNegative: true);
        double rtol = t.Number("rtol", false, false, nonNegative: true);
        double ulp = t.Number("ulp", false, false, nonNegative: true);
        double k = t.Number("k", false, false, nonNegative: true);
        ToleranceMode m = mode switch
        {
            "allclose" => ToleranceMode.AllClose,
            "ulp" => ToleranceMode.Ulp,
            "model" => ToleranceMode.Model,
            _ => throw FixtureFormatException.ForInvalidValue(t.File, t.PathOf("mode"), "one of allclose, ulp, model", Quote(mode)),
        };
        return new Tolerance(m, atol, rtol, ulp, k);
    }

    private static Case ReadCase(JsonFields c, FixtureLimits limits)
    {
        string opText = c.String("op"), passText = c.String("pass"), dtypeText = c.String("dtype");
        if (!Names.TryParseOp(opText, out SoftmaxOp op)) throw FixtureFormatException.ForInvalidValue(c.File, c.PathOf("op"), "one of softmax, log_softmax", Quote(opText));
        if (!Names.TryParsePass(passText, out Pass pass)) throw FixtureFormatException.ForInvalidValue(c.File, c.PathOf("pass"), "one of forward, backward", Quote(passText));
        if (!Names.TryParseDType(dtypeText, out DType dtype)) throw FixtureFormatException.ForInvalidValue(c.File, c.PathOf("dtype"), "one of float32, float64", Quote(dtypeText));

        JsonElement shapeElement = c.Required("shape", "an array of non-negative integers");
        if (shapeElement.ValueKind != JsonValueKind.Array) throw c.WrongType("shape", "an array of non-negative integers", shapeElement);
        var shape = new int[shapeElement.GetArrayLength()];
        int i = 0;
        foreach (JsonElement size in shapeElement.EnumerateArray())
        {
            shape[i] = JsonFields.IntegerOf(c.File, $"{c.PathOf("shape")}[{i}]", size, "a non-negative integer", 0);
            i++;
        }
        // The declared element count is checked against the limit before any value array exists.
        long count = 1;
        foreach (int size in shape)
        {
            count *= size;
            if (count > limits.MaxElements) throw FixtureFormatException.ForTooManyElements(c.File, ShapeText(shape), limits.MaxElements);
        }

        int rank = Math.Max(shape.Length, 1);
        string dimExpected = $"an integer in [{-rank}, {rank - 1}] (rank {shape.Length})";
        int dim = c.Integer("dim", dimExpected);
        if (dim < -rank || dim >= rank) throw FixtureFormatException.ForInvalidValue(c.File, c.PathOf("dim"), dimExpected, dim.ToString(CultureInfo.InvariantCulture));
        string regime = c.String("regime");

        bool float32 = dtype == DType.Float32;
        double[] x = ReadValues(c, "x", count, ShapeText(shape), float32);
        double[]? dy = null;
        if (pass == Pass.Backward)
        {
            dy = ReadValues(c, "dy", count, ShapeText(shape), float32);
        }
        else
        {
            JsonElement dyElement = c.Required("dy", "null (a forward case has no dy)");
            if (dyElement.ValueKind != JsonValueKind.Null) throw c.WrongType("dy", "null (a forward case has no dy)", dyElement);
        }
        return new Case(op, pass, dtype, shape, dim, x, dy, regime);
    }

    private static Verdict ReadVerdict(JsonFields v, Case c, Tolerance tolerance)
    {
        bool float32 = c.DType == DType.Float32;
        int count = v.Integer("count", $"the integer {c.Count} (the case's element count)");
        if (count != c.Count) throw FixtureFormatException.ForInvalidValue(v.File, v.PathOf("count"), $"the integer {c.Count} (the case's element count)", count.ToString(CultureInfo.InvariantCulture));
        string mismatchesExpected = $"an integer in [0, {c.Count}]";
        int mismatches = v.Integer("mismatches", mismatchesExpected, min: 0);
        if (mismatches > c.Count) throw FixtureFormatException.ForInvalidValue(v.File, v.PathOf("mismatches"), mismatchesExpected, mismatches.ToString(CultureInfo.InvariantCulture));
        double maxAbs = v.Number("maxAbsError", false, true, nonNegative: true);
        double maxRel = v.Number("maxRelError", false, true, nonNegative: true);
        double maxUlp = v.Number("maxUlpError", false, true, nonNegative: true);
        JsonElement worstElement = v.Required("worst", "an object, or null when the case has no elements");
        ElementReport? worst = null;
        if (worstElement.ValueKind != JsonValueKind.Null)
        {
            JsonFields w = JsonFields.Of(v.File, v.PathOf("worst"), worstElement, WorstFields);
            string flatExpected = $"an integer in [0, {c.Count - 1}]";
            int flat = w.Integer("flatIndex", flatExpected, min: 0);
            if (flat >= c.Count) throw FixtureFormatException.ForInvalidValue(w.File, w.PathOf("flatIndex"), flatExpected, flat.ToString(CultureInfo.InvariantCulture));
            JsonElement indexElement = w.Required("index", "an array of integers");
            string indexExpected = $"the array {ShapeText(Comparer.MultiIndex(c.Shape, flat))} (flatIndex {flat} in shape {ShapeText(c.Shape)})";
            if (indexElement.ValueKind != JsonValueKind.Array) throw w.WrongType("index", indexExpected, indexElement);
            var index = new List<int>();
            foreach (JsonElement k in indexElement.EnumerateArray())
            {
                index.Add(JsonFields.IntegerOf(w.File, $"{w.PathOf("index")}[{index.Count}]", k, "an integer", 0));
            }
            if (!index.SequenceEqual(Comparer.MultiIndex(c.Shape, flat))) throw FixtureFormatException.ForInvalidValue(w.File, w.PathOf("index"), indexExpected, ShapeText(index));
            double expected = w.Number("expected", float32, true);
            double actual = w.Number("actual", float32, true);
            double abs = w.Number("absError", false, true, nonNegative: true);
            double rel = w.Number("relError", false, true, nonNegative: true);
            double ulp = w.Number("ulpError", false, true, nonNegative: true);
            double allowed = w.Number("allowed", false, true, nonNegative: true);
            double? truth = w.IsNull("truth") ? null : w.Number("truth", false, true);
            worst = new ElementReport(flat, [.. index], expected, actual, abs, rel, ulp, allowed, truth);
        }
        else if (c.Count > 0)
        {
            throw v.WrongType("worst", "an object (the case has elements)", worstElement);
        }
        return new Verdict(count, mismatches, worst, maxAbs, maxRel, maxUlp, tolerance);
    }

    /// <summary>An array of exactly <paramref name="count"/> values; its length is checked before it is read.</summary>
    private static double[] ReadValues(JsonFields fields, string name, long count, string shapeText, bool float32)
    {
        string expected = $"an array of {count} values ({JsonFields.Expectation(float32, true)})";
        JsonElement e = fields.Required(name, expected);
        if (e.ValueKind != JsonValueKind.Array) throw fields.WrongType(name, expected, e);
        int length = e.GetArrayLength();
        if (length != count) throw FixtureFormatException.ForShapeMismatch(fields.File, fields.PathOf(name), count, shapeText, length);
        var values = new double[length];
        string itemExpected = JsonFields.Expectation(float32, true);
        int i = 0;
        foreach (JsonElement item in e.EnumerateArray())
        {
            values[i] = JsonFields.NumberOf(fields.File, $"{fields.PathOf(name)}[{i}]", item, float32, true, itemExpected);
            i++;
        }
        return values;
    }

    private static string ShapeText(IEnumerable<int> shape) => "[" + string.Join(", ", shape) + "]";

    private static string Quote(string s) => "\"" + s + "\"";

    /// <summary>The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8)) return -1;
        int at = 0;
        while (at < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[at..], out _, out int consumed) != System.Buffers.OperationStatus.Done) return at;
            at += consumed;
        }
        return -1;
    }
}
