namespace Harness.Inputs;

/// <summary>
/// A `check --input` file cannot be read as a list of cases. The message names the file, the entry and the field, in
/// the shape of the fixture errors:
/// <code>
/// Input 'report.json' is malformed: entry 2: wrong type
///   Field:     [2].shape[1]
///   Expected:  a non-negative integer
///   Found:     -3
/// </code>
/// </summary>
public sealed class InputFormatException : Exception
{
    private InputFormatException(string file, int? entry, string problem, string field, string expected, string found)
        : base($"Input '{file}' is malformed: {(entry is int n ? $"entry {n}: " : "")}{problem}\n  Field:     {field}\n  Expected:  {expected}\n  Found:     {found}")
    {
        File = file;
        Entry = entry;
        Field = field;
    }

    /// <summary>The file as the caller named it.</summary>
    public string File { get; }

    /// <summary>The 0-based index of the entry at fault (null: the file as a whole).</summary>
    public int? Entry { get; }

    /// <summary>The JSON path of the field, e.g. <c>[2].shape[1]</c>; <c>$</c> for the whole file.</summary>
    public string Field { get; }

    public static InputFormatException ForUnreadableFile(string file, string detail) => new(file, null, "unreadable file", "$", "a readable JSON file", detail);

    public static InputFormatException ForInvalidJson(string file, string detail) => new(file, null, "invalid JSON", "$", "a JSON array of cases", detail);

    public static InputFormatException ForWrongType(string file, int? entry, string field, string expected, string found) =>
        new(file, entry, "wrong type", field, expected, found);

    public static InputFormatException ForMissingField(string file, int entry, string field, string expected) =>
        new(file, entry, "missing field", field, expected, "nothing");

    public static InputFormatException ForUnknownField(string file, int entry, string field, IEnumerable<string> known) =>
        new(file, entry, "unknown field", field, "one of " + string.Join(", ", known), "an unknown field");

    public static InputFormatException ForInvalidValue(string file, int entry, string field, string expected, string found) =>
        new(file, entry, "invalid value", field, expected, found);
}
