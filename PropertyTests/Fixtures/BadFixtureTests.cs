using Harness.Fixtures;

namespace PropertyTests.Fixtures;

/// <summary>
/// Malformed fixture files (PropertyTests/TestData/BadFixtures, see its README) each give one
/// <see cref="FixtureFormatException"/> whose whole message is pinned here; "{file}" stands for the path.
/// </summary>
public sealed class BadFixtureTests
{
    private const string Values = "a float32 number or \"NaN\", \"Infinity\", \"-Infinity\"";

    public static TheoryData<string, string> Cases => new()
    {
        { "invalid-json.json", Message("invalid JSON", "$", "a JSON document (RFC 8259)", "',' is an invalid start of a property name. Expected a '\"'. LineNumber: 1 | BytePositionInLine: 14.") },
        { "truncated.json", Message("invalid JSON", "$", "a JSON document (RFC 8259)", "Expected start of a property name or value, but instead reached end of data. LineNumber: 26 | BytePositionInLine: 5.") },
        { "not-an-object.json", Message("wrong type", "$", "an object", "an array of 3 items") },
        { "missing-schema.json", Message("missing field", "schema", "the integer 1", "nothing (the field is absent)") },
        { "unknown-schema-version.json", Message("unsupported schema version", "schema", "1", "2") },
        { "schema-as-string.json", Message("wrong type", "schema", "the integer 1", "the string \"1\"") },
        { "missing-case-x.json", Message("missing field", "case.x", $"an array of 6 values ({Values})", "nothing (the field is absent)") },
        { "unknown-root-field.json", Message("unknown field", "comment", "one of schema, subject, replayToken, provenance, tolerance, verdict, case, expected, actual, error, profile", "an unknown field") },
        { "unknown-case-field.json", Message("unknown field", "case.stride", "one of op, pass, dtype, shape, dim, regime, x, dy", "an unknown field") },
        { "duplicate-field.json", Message("duplicate field", "subject", "each field once", "a second occurrence") },
        { "unknown-op.json", Message("invalid value", "case.op", "one of softmax, log_softmax", "\"sigmoid\"") },
        { "unknown-dtype.json", Message("invalid value", "case.dtype", "one of float32, float64", "\"bfloat16\"") },
        { "shape-product-mismatch.json", Message("shape mismatch", "case.x", "4 values (the product of case.shape [2, 2])", "6 values") },
        { "negative-size.json", Message("invalid value", "case.shape[1]", "a non-negative integer", "-3") },
        { "non-integer-size.json", Message("wrong type", "case.shape[1]", "a non-negative integer", "1.5") },
        { "too-many-elements.json", Message("too many elements", "case.shape", "at most 4194304 elements (FixtureLimits.MaxElements)", "shape [100000, 100000], more than the limit") },
        { "value-wrong-type.json", Message("wrong type", "case.x[2]", Values, "the string \"minus infinity\"") },
        { "float32-out-of-range.json", Message("invalid value", "case.x[3]", Values, "1e39 (out of range)") },
        { "dim-out-of-range.json", Message("invalid value", "case.dim", "an integer in [-2, 1] (rank 2)", "2") },
        { "forward-with-dy.json", Message("wrong type", "case.dy", "null (a forward case has no dy)", "an array of 6 items") },
        { "threads-wrong-type.json", Message("wrong type", "provenance.threads", "a non-negative integer", "the string \"1\"") },
        { "bad-date.json", Message("invalid value", "provenance.date", "an ISO 8601 date and time, e.g. 2025-01-31T12:00:00.0000000+00:00", "\"last Tuesday\"") },
        { "expected-too-short.json", Message("shape mismatch", "expected", "6 values (the product of case.shape [2, 3])", "5 values") },
        { "verdict-index-inconsistent.json", Message("invalid value", "verdict.worst.index", "the array [0, 0] (flatIndex 0 in shape [2, 3])", "[1, 0]") },
        { "invalid-utf8.json", Message("invalid UTF-8", "$", "UTF-8 text", "byte 0xFF at offset 849") },
        { "file-too-large.json", Message("file too large", "$", "at most 4096 bytes (FixtureLimits.MaxFileBytes)", "6068 bytes") },
        { "lone-surrogate-in-string.json", Message("invalid value", "case.regime", ValidText, "\"mask\\ud800ed\"") },
        { "lone-surrogate-in-name.json", Message("invalid value", "case", "field names of valid Unicode (no lone UTF-16 surrogate escape such as \\ud800)", "\"reg\\udc00ime\": \"masked\"") },
        { "lone-surrogate-in-values.json", Message("invalid value", "case.x[0]", ValidText, "\"-Infinity\\ud800\"") },
        { "tolerance-overflow.json", Message("invalid value", "tolerance.atol", "a finite non-negative number", "1e999 (out of range)") },
        { "verdict-overflow.json", Message("invalid value", "verdict.maxAbsError", "a non-negative number or \"NaN\", \"Infinity\", \"-Infinity\"", "1e999 (out of range)") },
        { "float64-overflow.json", Message("invalid value", "case.x[1]", "a number or \"NaN\", \"Infinity\", \"-Infinity\"", "1e999 (out of range)") },
        { "misnamed-copy.json", Message("file name", "$", $"the name the store gives the case, {ValidControl} (<op>-<pass>-<dtype>-<hash>.json)", "the name misnamed-copy.json")
            + $"\n  Fix:       if the file is meant to be a fixture, rename it: git mv {{file}} {{folder}}/{ValidControl}" },
        { EditedCase, Message("case edited", "case", "a case whose hash is 0f54c54f8672983b (the one in the file name)", "a case whose hash is 4e9e34b54c08ecc7: the case was changed after the file was saved")
            + "\n  Fix:       if the edit was intended, rename the file: git mv {file} {folder}/softmax-forward-float32-4e9e34b54c08ecc7.json" },
    };

    /// <summary>The valid control: the curated fully-masked-row case under its own name (the hash of its case).</summary>
    public const string ValidControl = "softmax-forward-float32-0f54c54f8672983b.json";

    /// <summary>The control with x[5] changed from 1 to 2 by hand, its name (with a "-2" suffix) left as it was.</summary>
    public const string EditedCase = "softmax-forward-float32-0f54c54f8672983b-2.json";

    private const string ValidText = "a string of valid Unicode (no lone UTF-16 surrogate escape such as \\ud800)";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_file_gives_one_message_naming_file_field_expected_and_found(string file, string message)
    {
        string path = Path.Combine(FixtureSamples.BadFixtures, file);
        FixtureLoadResult result = FixtureLoader.Load(path, FixtureSamples.SmallFiles);

        Assert.Null(result.Fixture);
        Assert.NotNull(result.Error);
        Assert.Equal(message.Replace("{file}", path).Replace("{folder}", FixtureSamples.BadFixtures), result.Error.Message);
    }

    [Fact]
    public void Every_bad_file_has_a_pinned_message()
    {
        var pinned = Cases.Select(row => (string)row[0]).ToHashSet();
        string[] files = Directory.GetFiles(FixtureSamples.BadFixtures, "*.json").Select(p => Path.GetFileName(p)!).ToArray();
        string[] unpinned = files.Where(f => f != ValidControl && !pinned.Contains(f)).ToArray();
        Assert.True(unpinned.Length == 0, "Bad fixture files without a pinned message: " + string.Join(", ", unpinned));
        Assert.True(pinned.Count >= 15);
    }

    [Fact]
    public void LoadAll_reports_each_bad_file_and_still_loads_the_good_one()
    {
        IReadOnlyList<FixtureLoadResult> results = FixtureLoader.LoadAll(FixtureSamples.BadFixtures, FixtureSamples.SmallFiles);

        Assert.Equal(Cases.Count() + 1, results.Count);
        FixtureLoadResult good = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(ValidControl, good.FileName);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(r.Path, r.Error!.File));
        Assert.Equal(results.Select(r => r.Path).Order(StringComparer.Ordinal), results.Select(r => r.Path));
    }

    [Fact]
    public void A_huge_declared_shape_is_refused_before_any_allocation()
    {
        // 2^31 - 1 squared elements would be 32 EiB of doubles: refusing it proves the count is checked first.
        byte[] text = File.ReadAllBytes(Path.Combine(FixtureSamples.BadFixtures, "too-many-elements.json"));
        string json = System.Text.Encoding.UTF8.GetString(text).Replace("[100000, 100000]", "[2147483647, 2147483647]");
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<FixtureFormatException>(() => FixtureJson.Deserialize("huge.json", System.Text.Encoding.UTF8.GetBytes(json), FixtureLimits.Default));

        Assert.Equal("case.shape", e.Field);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "Deserialize allocated more than 1 MB for a 1 KB file.");
    }

    private static string Message(string problem, string field, string expected, string found) =>
        $"Fixture '{{file}}' is malformed: {problem}\n  Field:     {field}\n  Expected:  {expected}\n  Found:     {found}";
}
