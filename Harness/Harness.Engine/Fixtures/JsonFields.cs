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
            string field = fields.PathOf(NameOf(file, fields, p));
            if (!known.Contains(p.Name)) throw FixtureFormatException.ForUnknownField(file, field, known);
            if (!fields._values.TryAdd(p.Name, p.Value)) throw FixtureFormatException.ForDuplicateField(file, field);
        }
        return fields;
    }

    public string File => _file;

    /// <summary>The expectation for any string of the format: its escapes must decode to valid UTF-16.</summary>
    public const string ValidText = "a string of valid Unicode (no lone UTF-16 surrogate escape such as \\ud800)";

    // A name holding a lone surrogate escape ("\ud800") cannot be transcoded: JsonProperty.Name throws
    // InvalidOperationException. It is a malformed field name, reported at the object's path.
    private static string NameOf(string file, JsonFields fields, JsonProperty p)
    {
        try
        {
            return p.Name;
        }
        catch (InvalidOperationException)
        {
            throw FixtureFormatException.ForInvalidValue(file, fields._path.Length == 0 ? "$" : fields._path, "field names of valid Unicode (no lone UTF-16 surrogate escape such as \\ud800)", Shorten(p.ToString()));
        }
    }

    /// <summary>The string value of <paramref name="e"/> (a JSON string); a lone surrogate escape is an invalid value
    /// naming <paramref name="path"/>, not the reader's InvalidOperationException.</summary>
    public static string StringOf(string file, string path, JsonElement e)
    {
        try
        {
            return e.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw FixtureFormatException.ForInvalidValue(file, path, ValidText, Shorten(e.GetRawText()));
        }
    }

    public string PathOf(string name) => _path.Length == 0 ? name : _path + "." + name;

    /// <summary>Whether an optional field is present.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    public JsonElement Required(string name, string expected) =>
        _values.TryGetValue(name, out JsonElement e) ? e : throw FixtureFormatException.ForMissingField(_file, PathOf(name), expected);

    public string String(string name)
    {
        JsonElement e = Required(name, "a string");
        return e.ValueKind == JsonValueKind.String ? StringOf(_file, PathOf(name), e) : throw WrongType(name, "a string", e);
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
                // TryGetSingle/TryGetDouble round correctly to nearest, but a literal beyond the dtype's range (1e39 in
                // float32, 1e999 in float64) reads as an infinity: a number literal must be finite, the infinities
                // are the strings below.
                if (float32 ? e.TryGetSingle(out float f) && Finite(f, out double v) : e.TryGetDouble(out v) && double.IsFinite(v)) return v;
                throw FixtureFormatException.ForInvalidValue(file, path, expected, e.GetRawText() + " (out of range)");
            case JsonValueKind.String when allowSpecial:
                switch (StringOf(file, path, e))
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
