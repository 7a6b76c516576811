using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harness.Comparison;
using Harness.Settings;

namespace Harness.Tuning;

/// <summary>
/// Writes tolerances.json in its one canonical form, the same bytes for the same content: two-space indentation,
/// "schema", "comment", "tolerances" in that order, one entry per line in op/pass/dtype order, fields in the order
/// mode, atol, rtol, ulp, k, note, numbers as the shortest round-trip decimal with a lower-case exponent (1e-05).
/// `tune --write` replaces only the entries it tuned: every other entry keeps its exact text, and the comment stays.
/// </summary>
public static class ToleranceFileWriter
{
    public const string DefaultComment =
        "Tolerances per op/pass/dtype; 'mode' picks allclose (atol, rtol), ulp (ulp) or model (k). Start: torch.testing.assert_close defaults. Tuned values replace these via 'harness tune --write'.";

    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The new file text: <paramref name="existing"/> (null: none) with <paramref name="tuned"/> entries replaced.</summary>
    /// <exception cref="SettingsException">The existing text is not a JSON object with an object "tolerances".</exception>
    public static string Render(string? existing, IReadOnlyDictionary<string, (Tolerance Tolerance, string Note)> tuned, string source = ToleranceTable.FileName)
    {
        string comment = JsonSerializer.Serialize(DefaultComment, StringOptions);
        string schema = ToleranceTable.SchemaVersion.ToString(CultureInfo.InvariantCulture);
        var entries = new List<(string Key, string Text)>();
        if (existing is not null)
        {
            using JsonDocument doc = Parse(existing, source);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw SettingsException.ForKey(source, "$", "an object", root.ValueKind.ToString());
            if (root.TryGetProperty("comment", out JsonElement c)) comment = c.GetRawText();
            if (root.TryGetProperty("schema", out JsonElement s)) schema = s.GetRawText();
            if (root.TryGetProperty("tolerances", out JsonElement t))
            {
                if (t.ValueKind != JsonValueKind.Object) throw SettingsException.ForKey(source, "tolerances", "an object", t.ValueKind.ToString());
                foreach (JsonProperty p in t.EnumerateObject()) entries.Add((p.Name, p.Value.GetRawText()));
            }
        }
        foreach (var (key, value) in tuned)
        {
            int at = entries.FindIndex(e => e.Key == key);
            string entry = Entry(value.Tolerance, value.Note);
            if (at >= 0) entries[at] = (key, entry);
            else entries.Add((key, entry));
        }
        var order = ToleranceTable.AllKeys().Select(k => k.Key).ToList();
        var sorted = entries.OrderBy(e => order.IndexOf(e.Key) is int i && i >= 0 ? i : int.MaxValue).ToList();

        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"schema\": ").Append(schema).Append(",\n");
        text.Append("  \"comment\": ").Append(comment).Append(",\n");
        text.Append("  \"tolerances\": {\n");
        for (int i = 0; i < sorted.Count; i++)
        {
            text.Append("    ").Append(JsonSerializer.Serialize(sorted[i].Key, StringOptions)).Append(": ").Append(sorted[i].Text);
            text.Append(i < sorted.Count - 1 ? ",\n" : "\n");
        }
        text.Append("  }\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Renders and writes atomically (a temporary file beside it, then a rename).</summary>
    public static void Write(string path, IReadOnlyDictionary<string, (Tolerance Tolerance, string Note)> tuned)
    {
        string? existing = File.Exists(path) ? File.ReadAllText(path) : null;
        string text = Render(existing, tuned, path);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>One entry on one line, every parameter the tolerance carries (a zero parameter of another mode is omitted).</summary>
    public static string Entry(Tolerance t, string note)
    {
        var fields = new List<string> { $"\"mode\": \"{t.ModeName}\"" };
        if (t.Mode == ToleranceMode.AllClose || t.Atol > 0 || t.Rtol > 0)
        {
            fields.Add($"\"atol\": {Number(t.Atol)}");
            fields.Add($"\"rtol\": {Number(t.Rtol)}");
        }
        if (t.Mode == ToleranceMode.Ulp || t.MaxUlps > 0) fields.Add($"\"ulp\": {Number(t.MaxUlps)}");
        if (t.Mode == ToleranceMode.Model || t.K > 0) fields.Add($"\"k\": {Number(t.K)}");
        if (note.Length > 0) fields.Add($"\"note\": {JsonSerializer.Serialize(note, StringOptions)}");
        return "{ " + string.Join(", ", fields) + " }";
    }

    /// <summary>The canonical number: shortest round-trip decimal, lower-case exponent ("1e-05", "1.3e-06", "24").</summary>
    public static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');

    private static JsonDocument Parse(string text, string source)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw SettingsException.ForFile(source, $"is not valid JSON ({e.Message})");
        }
    }
}
