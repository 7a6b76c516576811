using System.Globalization;
using System.Text.Json;
using Harness.Cases;
using Reference;

namespace Harness.Inputs;

/// <summary>
/// Cases given by hand (issue #18, item 9): a bug report's tensor, run by `harness check --input FILE` through the same
/// pipeline as generated cases. The file is a JSON array of objects with the fields of a fixture's "case":
/// <code>
/// [{"op": "softmax", "pass": "forward", "dtype": "float32", "shape": [2, 3], "dim": -1, "x": [1, 2, 3, 4, 5, "NaN"]},
///  {"op": "log_softmax", "pass": "backward", "dtype": "float64", "shape": [2], "dim": 0, "x": [0, 1], "dy": [1, -1]}]
/// </code>
/// Values are JSON numbers (float32 entries round to the nearest float) or "NaN", "Infinity", "-Infinity"; "dy" is
/// required for a backward entry and absent (or null) for a forward one; "name" (a string) is optional.
/// </summary>
public static class InputCases
{
    /// <summary>The regime of a given case (it was not drawn from any).</summary>
    public const string Regime = "input";

    /// <summary>At most this many elements per entry (the fixture limit, so every input can become a fixture).</summary>
    public const int MaxElements = 4_194_304;

    private static readonly string[] Fields = ["name", "op", "pass", "dtype", "shape", "dim", "x", "dy"];

    /// <summary>One case of the file and how to name it: "report.json#2" or the entry's "name".</summary>
    public sealed record Entry(int Index, string Label, Case Case);

    /// <exception cref="InputFormatException">The file is missing, not JSON, or an entry is not a valid case.</exception>
    public static IReadOnlyList<Entry> Load(string path, string? displayName = null)
    {
        string file = displayName ?? path;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputFormatException.ForUnreadableFile(file, e.Message);
        }
        return Parse(file, bytes);
    }

    public static IReadOnlyList<Entry> Parse(string file, byte[] utf8)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw InputFormatException.ForInvalidJson(file, e.Message);
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array) throw InputFormatException.ForWrongType(file, null, "$", "a JSON array of cases", Describe(root));
            var entries = new List<Entry>();
            foreach (JsonElement e in root.EnumerateArray()) entries.Add(Read(file, entries.Count, e));
            if (entries.Count == 0) throw InputFormatException.ForWrongType(file, null, "$", "a JSON array of at least one case", "an empty array");
            return entries;
        }
    }

    private static Entry Read(string file, int index, JsonElement e)
    {
        string at = $"[{index}]";
        if (e.ValueKind != JsonValueKind.Object) throw InputFormatException.ForWrongType(file, index, at, "an object with op, pass, dtype, shape, dim, x (and dy)", Describe(e));
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty p in e.EnumerateObject())
        {
            if (!Fields.Contains(p.Name)) throw InputFormatException.ForUnknownField(file, index, $"{at}.{p.Name}", Fields);
            values[p.Name] = p.Value;
        }
        JsonElement Required(string name, string expected) =>
            values.TryGetValue(name, out JsonElement v) ? v : throw InputFormatException.ForMissingField(file, index, $"{at}.{name}", expected);
        string Text(string name, string expected)
        {
            JsonElement v = Required(name, expected);
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw InputFormatException.ForWrongType(file, index, $"{at}.{name}", expected, Describe(v));
        }

        string opText = Text("op", "softmax or log_softmax");
        if (!Names.TryParseOp(opText, out SoftmaxOp op)) throw InputFormatException.ForInvalidValue(file, index, $"{at}.op", "softmax or log_softmax", $"'{opText}'");
        string passText = Text("pass", "forward or backward");
        if (!Names.TryParsePass(passText, out Pass pass)) throw InputFormatException.ForInvalidValue(file, index, $"{at}.pass", "forward or backward", $"'{passText}'");
        string dtypeText = Text("dtype", "float32 or float64");
        if (!Names.TryParseDType(dtypeText, out DType dtype)) throw InputFormatException.ForInvalidValue(file, index, $"{at}.dtype", "float32 or float64", $"'{dtypeText}'");

        JsonElement shapeElement = Required("shape", "an array of non-negative integers");
        if (shapeElement.ValueKind != JsonValueKind.Array) throw InputFormatException.ForWrongType(file, index, $"{at}.shape", "an array of non-negative integers", Describe(shapeElement));
        var shape = new List<int>();
        long count = 1;
        foreach (JsonElement s in shapeElement.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out int size) || size < 0)
                throw InputFormatException.ForWrongType(file, index, $"{at}.shape[{shape.Count}]", "a non-negative integer", Describe(s));
            shape.Add(size);
            count = Math.Min(count * size, (long)MaxElements + 1);
        }
        if (count > MaxElements) throw InputFormatException.ForInvalidValue(file, index, $"{at}.shape", $"at most {MaxElements} elements", $"[{string.Join(", ", shape)}]");

        JsonElement dimElement = Required("dim", "an integer");
        int rank = Math.Max(shape.Count, 1);
        if (dimElement.ValueKind != JsonValueKind.Number || !dimElement.TryGetInt32(out int dim))
            throw InputFormatException.ForWrongType(file, index, $"{at}.dim", "an integer", Describe(dimElement));
        if (dim < -rank || dim >= rank) throw InputFormatException.ForInvalidValue(file, index, $"{at}.dim", $"an integer in [{-rank}, {rank - 1}] for shape [{string.Join(", ", shape)}]", dim.ToString(CultureInfo.InvariantCulture));

        bool float32 = dtype == DType.Float32;
        double[] x = Values(file, index, $"{at}.x", Required("x", "an array of numbers"), count, float32);
        double[]? dy = null;
        bool hasDy = values.TryGetValue("dy", out JsonElement dyElement) && dyElement.ValueKind != JsonValueKind.Null;
        if (pass == Pass.Backward)
        {
            if (!hasDy) throw InputFormatException.ForMissingField(file, index, $"{at}.dy", $"an array of {count} numbers (a backward case needs dy)");
            dy = Values(file, index, $"{at}.dy", dyElement, count, float32);
        }
        else if (hasDy)
        {
            throw InputFormatException.ForInvalidValue(file, index, $"{at}.dy", "no dy (or null) for a forward case", Describe(dyElement));
        }
        string label = $"{Path.GetFileName(file)}#{index}";
        if (values.TryGetValue("name", out JsonElement nameElement))
        {
            if (nameElement.ValueKind != JsonValueKind.String) throw InputFormatException.ForWrongType(file, index, $"{at}.name", "a string", Describe(nameElement));
            label = $"{label} ({nameElement.GetString()})";
        }
        return new Entry(index, label, new Case(op, pass, dtype, shape.ToArray(), dim, x, dy, Regime));
    }

    /// <summary>The token a given case runs under: its op, pass and dtype, seed 0 and the entry's index (it names no
    /// generated case; reports show the entry's label instead).</summary>
    public static Generation.CaseToken Token(Entry e) => new(e.Case.Op, e.Case.Pass, e.Case.DType, 0, e.Index);

    private static double[] Values(string file, int index, string field, JsonElement e, long count, bool float32)
    {
        const string expected = "numbers or \"NaN\", \"Infinity\", \"-Infinity\"";
        if (e.ValueKind != JsonValueKind.Array) throw InputFormatException.ForWrongType(file, index, field, $"an array of {count} {expected}", Describe(e));
        int length = e.GetArrayLength();
        if (length != count) throw InputFormatException.ForInvalidValue(file, index, field, $"{count} values (the product of shape)", $"{length} values");
        var values = new double[length];
        int i = 0;
        foreach (JsonElement v in e.EnumerateArray())
        {
            values[i] = v.ValueKind switch
            {
                JsonValueKind.Number when v.TryGetDouble(out double d) && (!float32 || float.IsFinite((float)d) || !double.IsFinite(d)) => float32 ? (float)d : d,
                JsonValueKind.String when v.GetString() == "NaN" => double.NaN,
                JsonValueKind.String when v.GetString() == "Infinity" => double.PositiveInfinity,
                JsonValueKind.String when v.GetString() == "-Infinity" => double.NegativeInfinity,
                _ => throw InputFormatException.ForWrongType(file, index, $"{field}[{i}]", (float32 ? "a float32 value: " : "") + expected, Describe(v)),
            };
            i++;
        }
        return values;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{e.GetString()}\"",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => e.GetRawText(),
    };
}
