using System.Globalization;
using System.Text.Json;

namespace Harness.Fixtures;

/// <summary>
/// The fields of one JSON object of a fixture, checked against the names the schema allows: an unknown or duplicate
/// field, a missing one or a value of the wrong type is a <see cref="FixtureFormatException"/> that names the file
/// and the field's JSON path.
/// </summary>
internal sealed class JsonFields
{
    private readonly string _file;
    private readonly string _path;
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);

    private JsonFields(string file, string path)
    {
        _file = file;
        _path = path;
    }

    /// <summary>Reads <paramref name="e"/> as an object holding only <paramref name="known"/> fields.</summary>
    public static JsonFields Of(string file, string path, JsonElement e, IReadOnlyList<string> known)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw FixtureFormatException.ForWrongType(file, path.Length == 0 ? "$" : path, "an object", Describe(e));
        }
        var fields = new JsonFields(file, path);
        foreach (JsonProperty p in e.EnumerateObject())
        {
            string field = fields.PathOf(p.Name);
            if (!known.Contains(p.Name)) throw FixtureFormatException.ForUnknownField(file, field, known);
            if (!fields._values.TryAdd(p.Name, p.Value)) throw FixtureFormatException.ForDuplicateField(file, field);
        }
        return fields;
    }

    public string File => _file;

    public string PathOf(string name) => _path.Length == 0 ? name : _path + "." + name;

    /// <summary>Whether an optional field is present.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    public JsonElement Required(string name, string expected) =>
        _values.TryGetValue(name, out JsonElement e) ? e : throw FixtureFormatException.ForMissingField(_file, PathOf(name), expected);

    public string String(string name)
    {
        JsonElement e = Required(name, "a string");
        return e.ValueKind == JsonValueKind.String ? e.GetString()! : throw WrongType(name, "a string", e);
    }

    public int Integer(string name, string expected = "an integer", int min = int.MinValue)
    {
        JsonElement e = Required(name, expected);
        return IntegerOf(_file, PathOf(name), e, expected, min);
    }

    public static int IntegerOf(string file, string path, JsonElement e, string expected, int min)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v))
        {
            return v >= min ? v : throw FixtureFormatException.ForInvalidValue(file, path, expected, e.GetRawText());
        }
        throw FixtureFormatException.ForWrongType(file, path, expected, Describe(e));
    }

    /// <summary>A number; the strings "NaN", "Infinity" and "-Infinity" when <paramref name="allowSpecial"/>.</summary>
    public double Number(string name, bool float32, bool allowSpecial, bool nonNegative = false)
    {
        string expected = Expectation(float32, allowSpecial, nonNegative);
        JsonElement e = Required(name, expected);
        double v = NumberOf(_file, PathOf(name), e, float32, allowSpecial, expected);
        if (nonNegative && !(v >= 0)) throw FixtureFormatException.ForInvalidValue(_file, PathOf(name), expected, e.GetRawText());
        return v;
    }

    public static string Expectation(bool float32, bool allowSpecial, bool nonNegative = false)
    {
        string number = (nonNegative ? "a non-negative " : "a ") + (float32 ? "float32 number" : "number");
        return allowSpecial ? number + " or \"NaN\", \"Infinity\", \"-Infinity\"" : "a finite " + number[2..];
    }

    public static double NumberOf(string file, string path, JsonElement e, bool float32, bool allowSpecial, string expected)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                // TryGetSingle/TryGetDouble round correctly to nearest and refuse values outside the dtype's range.
                if (float32 ? e.TryGetSingle(out float f) && Finite(f, out double v) : e.TryGetDouble(out v)) return v;
                throw FixtureFormatException.ForInvalidValue(file, path, expected, e.GetRawText() + " (out of range)");
            case JsonValueKind.String when allowSpecial:
                switch (e.GetString())
                {
                    case "NaN": return double.NaN;
                    case "Infinity": return double.PositiveInfinity;
                    case "-Infinity": return double.NegativeInfinity;
                }
                break;
        }
        throw FixtureFormatException.ForWrongType(file, path, expected, Describe(e));

        static bool Finite(float value, out double widened)
        {
            widened = value;
            return float.IsFinite(value);
        }
    }

    public FixtureFormatException WrongType(string name, string expected, JsonElement e) =>
        FixtureFormatException.ForWrongType(_file, PathOf(name), expected, Describe(e));

    public bool IsNull(string name) => _values.TryGetValue(name, out JsonElement e) && e.ValueKind == JsonValueKind.Null;

    /// <summary>What a value is, for the Found line: literals as written, long strings and containers summarised.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {e.GetArrayLength().ToString(CultureInfo.InvariantCulture)} items",
        JsonValueKind.String => "the string " + Shorten(e.GetRawText()),
        _ => Shorten(e.GetRawText()),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
