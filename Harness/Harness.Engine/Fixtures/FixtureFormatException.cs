using System.Text;

namespace Harness.Fixtures;

/// <summary>
/// A fixture file cannot be read as a fixture. The message has one shape for every kind of problem (pinned by tests
/// and documented in fixtures/README.md):
/// <code>
/// Fixture 'fixtures/bad.json' is malformed: wrong type
///   Field:     case.shape[1]
///   Expected:  a non-negative integer
///   Found:     -3
/// </code>
/// </summary>
public sealed class FixtureFormatException : Exception
{
    private FixtureFormatException(string file, string problem, string field, string expected, string found, string? fix = null)
        : base(Format(file, problem, field, expected, found, fix))
    {
        Fix = fix;
        File = file;
        Problem = problem;
        Field = field;
        Expected = expected;
        Found = found;
    }

    /// <summary>The file as the caller named it.</summary>
    public string File { get; }

    /// <summary>The kind of problem, e.g. "missing field".</summary>
    public string Problem { get; }

    /// <summary>The JSON path of the field, e.g. <c>case.shape[1]</c>; <c>$</c> for the whole file.</summary>
    public string Field { get; }

    public string Expected { get; }

    public string Found { get; }

    /// <summary>What to do about it, when there is one obvious thing (a "Fix:" line); else null.</summary>
    public string? Fix { get; }

    public static FixtureFormatException ForMissingField(string file, string field, string expected) =>
        new(file, "missing field", field, expected, "nothing (the field is absent)");

    public static FixtureFormatException ForUnknownField(string file, string field, IEnumerable<string> known) =>
        new(file, "unknown field", field, "one of " + string.Join(", ", known), "an unknown field");

    public static FixtureFormatException ForDuplicateField(string file, string field) =>
        new(file, "duplicate field", field, "each field once", "a second occurrence");

    public static FixtureFormatException ForWrongType(string file, string field, string expected, string found) =>
        new(file, "wrong type", field, expected, found);

    public static FixtureFormatException ForInvalidValue(string file, string field, string expected, string found) =>
        new(file, "invalid value", field, expected, found);

    public static FixtureFormatException ForInvalidJson(string file, string detail) =>
        new(file, "invalid JSON", "$", "a JSON document (RFC 8259)", detail);

    public static FixtureFormatException ForUnsupportedSchema(string file, string found) =>
        new(file, "unsupported schema version", "schema", Fixture.CurrentSchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), found);

    public static FixtureFormatException ForShapeMismatch(string file, string field, long needed, string shapeText, int found) =>
        new(file, "shape mismatch", field, $"{needed} values (the product of case.shape {shapeText})", $"{found} values");

    public static FixtureFormatException ForTooManyElements(string file, string shapeText, long limit) =>
        new(file, "too many elements", "case.shape", $"at most {limit} elements (FixtureLimits.MaxElements)", $"shape {shapeText}, more than the limit");

    public static FixtureFormatException ForFileTooLarge(string file, long bytes, long limit) =>
        new(file, "file too large", "$", $"at most {limit} bytes (FixtureLimits.MaxFileBytes)", $"{bytes} bytes");

    public static FixtureFormatException ForInvalidUtf8(string file, int offset, byte value) =>
        new(file, "invalid UTF-8", "$", "UTF-8 text", $"byte 0x{value:X2} at offset {offset}");

    /// <summary>A file of 0 bytes: empty, or not a regular file at all (a FIFO, socket or device, whose size reads 0),
    /// which the loader does not open: opening a FIFO waits for a writer, and would hang the replay of its folder.</summary>
    public static FixtureFormatException ForEmptyFile(string file) =>
        new(file, "empty file", "$", "a regular file holding a fixture's JSON",
            "0 bytes (an empty file, or a FIFO, socket or device, which are not opened)");

    public static FixtureFormatException ForUnreadableFile(string file, string detail) =>
        new(file, "unreadable file", "$", "a readable file", detail);

    /// <summary>The case no longer hashes to the hash in the file's name: it was edited after the file was saved.</summary>
    public static FixtureFormatException ForEditedCase(string file, string nameHash, string caseHash, string renameCommand) =>
        new(file, "case edited", "case", $"a case whose hash is {nameHash} (the one in the file name)",
            $"a case whose hash is {caseHash}: the case was changed after the file was saved",
            "if the edit was intended, rename the file: " + renameCommand);

    /// <summary>The file's name is not the one the store gives its case, so the name cannot vouch for the case.</summary>
    public static FixtureFormatException ForMisnamedFile(string file, string expectedName, string renameCommand) =>
        new(file, "file name", "$", $"the name the store gives the case, {expectedName} (<op>-<pass>-<dtype>-<hash>.json)",
            "the name " + System.IO.Path.GetFileName(file),
            "if the file is meant to be a fixture, rename it: " + renameCommand);

    /// <summary>Anything the reader did not foresee (a safety net: the loader never throws anything else).</summary>
    public static FixtureFormatException ForUnexpected(string file, Exception e) =>
        new(file, "unreadable value", "$", "a value the reader can decode", $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");

    private static string Format(string file, string problem, string field, string expected, string found, string? fix)
    {
        var text = new StringBuilder();
        text.Append("Fixture '").Append(file).Append("' is malformed: ").Append(problem);
        AppendField(text, "Field", field);
        AppendField(text, "Expected", expected);
        AppendField(text, "Found", found);
        if (fix is not null) AppendField(text, "Fix", fix);
        return text.ToString();
    }

    private static void AppendField(StringBuilder text, string name, string value) =>
        text.Append('\n').Append("  ").Append((name + ":").PadRight(11)).Append(value);
}
