using System.Globalization;
using System.Text;

namespace Harness.Fixtures;

/// <summary>
/// A small writer for the fixture layout: objects indented by two spaces, one field per line, arrays of numbers
/// inline and wrapped at <see cref="LineWidth"/> characters (so a 50k-element row stays readable and small), LF line
/// endings. Utf8JsonWriter would put every array element on its own line and escape '+' in dates.
/// </summary>
internal sealed class JsonTextWriter
{
    private const int LineWidth = 100;
    private readonly StringBuilder _text = new();
    private readonly Stack<bool> _first = new();

    public override string ToString() => _text.ToString();

    public void StartObject(string? name = null)
    {
        Name(name);
        _text.Append('{');
        _first.Push(true);
    }

    public void EndObject()
    {
        _first.Pop();
        _text.Append('\n').Append(' ', 2 * _first.Count).Append('}');
    }

    public void String(string name, string value)
    {
        Name(name);
        Quoted(value);
    }

    public void Integer(string name, long value)
    {
        Name(name);
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Null(string name)
    {
        Name(name);
        _text.Append("null");
    }

    public void Number(string name, double value, bool float32)
    {
        Name(name);
        _text.Append(Format(value, float32));
    }

    public void Integers(string name, IReadOnlyList<int> values)
    {
        Name(name);
        _text.Append('[').Append(string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))).Append(']');
    }

    public void Strings(string name, IReadOnlyList<string> values)
    {
        Name(name);
        _text.Append('[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) _text.Append(", ");
            Quoted(values[i]);
        }
        _text.Append(']');
    }

    public void Numbers(string name, double[] values, bool float32)
    {
        Name(name);
        var parts = new string[values.Length];
        int total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            parts[i] = Format(values[i], float32);
            total += parts[i].Length + 2;
        }
        int indent = 2 * _first.Count;
        if (total + indent + name.Length + 6 <= LineWidth)
        {
            _text.Append('[').Append(string.Join(", ", parts)).Append(']');
            return;
        }
        _text.Append('[');
        int column = LineWidth;
        for (int i = 0; i < parts.Length; i++)
        {
            if (column + parts[i].Length + 1 > LineWidth)
            {
                if (i > 0) _text.Append(',');
                _text.Append('\n').Append(' ', indent + 2).Append(parts[i]);
                column = indent + 2 + parts[i].Length;
            }
            else
            {
                _text.Append(", ").Append(parts[i]);
                column += parts[i].Length + 2;
            }
        }
        _text.Append('\n').Append(' ', indent).Append(']');
    }

    /// <summary>Shortest round-trip decimal ("R"; for float32 the float's own shortest form, so 0.1f reads 0.1),
    /// -0 kept, and the non-finite values as the JSON strings "NaN", "Infinity", "-Infinity".</summary>
    public static string Format(double value, bool float32) => value switch
    {
        double.NaN => "\"NaN\"",
        double.PositiveInfinity => "\"Infinity\"",
        double.NegativeInfinity => "\"-Infinity\"",
        _ => float32
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void Name(string? name)
    {
        if (_first.Count == 0) return;
        if (!_first.Pop()) _text.Append(',');
        _first.Push(false);
        _text.Append('\n').Append(' ', 2 * _first.Count);
        if (name is not null)
        {
            Quoted(name);
            _text.Append(": ");
        }
    }

    private void Quoted(string value)
    {
        _text.Append('"');
        foreach (char ch in value)
        {
            switch (ch)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                default:
                    if (ch < 0x20) _text.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    else _text.Append(ch);
                    break;
            }
        }
        _text.Append('"');
    }
}
