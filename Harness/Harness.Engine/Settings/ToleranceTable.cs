using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Harness.Cases;
using Harness.Comparison;
using Reference;

namespace Harness.Settings;

/// <summary>
/// The tolerance in force for each op x pass x dtype. Layers, later wins: built-in defaults (torch.testing's),
/// then the tolerance file (<c>tolerances.json</c> at the repository root), then environment variables
/// (<c>HARNESS_TOLERANCE</c> for every entry, <c>HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32</c> and so on for one),
/// then command-line options.
/// </summary>
public sealed class ToleranceTable
{
    public const string FileName = "tolerances.json";
    public const int SchemaVersion = 1;

    private readonly ImmutableDictionary<string, Tolerance> _entries;

    private ToleranceTable(ImmutableDictionary<string, Tolerance> entries, bool noWorseThanTorch = false)
    {
        NoWorseThanTorch = noWorseThanTorch;
        _entries = noWorseThanTorch ? entries.ToImmutableDictionary(e => e.Key, e => e.Value with { NoWorseThanTorch = true }) : entries;
    }

    /// <summary>Whether every entry carries the parity rule (<see cref="ParityRule"/>): the `parity` profile's tables
    /// do, and keep it through every later layer (environment, options).</summary>
    public bool NoWorseThanTorch { get; }

    /// <summary>A copy whose entries, now and after any later layer, carry the parity rule or not.</summary>
    public ToleranceTable WithParityRule(bool on) => new(_entries.ToImmutableDictionary(e => e.Key, e => e.Value with { NoWorseThanTorch = on }), on);

    /// <summary>torch.testing.assert_close's per-dtype defaults for every entry.</summary>
    public static ToleranceTable Defaults { get; } = new(AllKeys().ToImmutableDictionary(k => k.Key, k => Tolerance.TorchDefault(k.DType)));

    public static string Key(SoftmaxOp op, Pass pass, DType dtype) => $"{Names.Of(op)}/{Names.Of(pass)}/{Names.Of(dtype)}";

    public static IEnumerable<(string Key, SoftmaxOp Op, Pass Pass, DType DType)> AllKeys()
    {
        foreach (SoftmaxOp op in Names.AllOps)
            foreach (Pass pass in Names.AllPasses)
                foreach (DType dtype in Names.AllDTypes)
                    yield return (Key(op, pass, dtype), op, pass, dtype);
    }

    public Tolerance For(SoftmaxOp op, Pass pass, DType dtype) => _entries[Key(op, pass, dtype)];

    public Tolerance For(Case c) => For(c.Op, c.Pass, c.DType);

    public IReadOnlyDictionary<string, Tolerance> Entries => _entries;

    /// <summary>A copy with one entry replaced.</summary>
    /// <exception cref="SettingsException">The key is not op/pass/dtype.</exception>
    public ToleranceTable With(string source, string key, Tolerance tolerance)
    {
        if (!_entries.ContainsKey(key)) throw SettingsException.ForKey(source, key, "a key of the form op/pass/dtype, e.g. softmax/forward/float32", Quote(key));
        return new ToleranceTable(_entries.SetItem(key, tolerance with { NoWorseThanTorch = NoWorseThanTorch }), NoWorseThanTorch);
    }

    /// <summary>A copy with every entry replaced.</summary>
    public ToleranceTable WithAll(Tolerance tolerance) =>
        new(_entries.ToImmutableDictionary(e => e.Key, _ => tolerance with { NoWorseThanTorch = NoWorseThanTorch }), NoWorseThanTorch);

    /// <summary>Defaults, then <paramref name="path"/> if it exists (or must exist), then the environment.</summary>
    public static ToleranceTable Load(string? path, bool mustExist, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ToleranceTable table = Defaults;
        if (path is not null && (mustExist || File.Exists(path)))
        {
            table = table.Overlay(path);
        }
        return table.OverlayEnvironment(environment ?? ReadEnvironment());
    }

    /// <summary>Finds tolerances.json in the repository that holds <paramref name="start"/> (walking up), or null.
    /// For this repository's own tests only: the tool never picks a file up from where it runs (a verdict must not
    /// depend on the working directory); it uses a profile's built-in file or the one it is given.</summary>
    public static string? FindFile(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Applies the entries of a tolerance file over this table.</summary>
    /// <exception cref="SettingsException">The file is missing, not JSON, or an entry is invalid.</exception>
    public ToleranceTable Overlay(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SettingsException.ForFile(path, $"cannot be read ({e.Message})");
        }
        return OverlayText(path, text);
    }

    /// <summary>Applies the entries of a tolerance file's text over this table; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="SettingsException">The text is not JSON, or an entry is invalid.</exception>
    public ToleranceTable OverlayText(string path, string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw SettingsException.ForFile(path, $"is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw SettingsException.ForKey(path, "$", "an object", root.ValueKind.ToString());
            ToleranceTable table = this;
            foreach (JsonProperty p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "schema":
                        if (p.Value.ValueKind != JsonValueKind.Number || p.Value.GetDouble() != SchemaVersion)
                            throw SettingsException.ForKey(path, "schema", $"{SchemaVersion}", p.Value.GetRawText());
                        break;
                    case "tolerances":
                        if (p.Value.ValueKind != JsonValueKind.Object) throw SettingsException.ForKey(path, "tolerances", "an object", p.Value.ValueKind.ToString());
                        foreach (JsonProperty entry in p.Value.EnumerateObject())
                        {
                            table = table.With(path, entry.Name, ParseEntry(path, "tolerances." + entry.Name, entry.Value));
                        }
                        break;
                    case "comment":
                        break;
                    default:
                        throw SettingsException.ForKey(path, p.Name, "one of 'schema', 'tolerances', 'comment'", "an unknown key");
                }
            }
            return table;
        }
    }

    /// <summary>Parses one entry: {"mode": "allclose"|"ulp"|"model", "atol", "rtol", "ulp", "k", "note"}; the chosen
    /// mode's parameters are required, the others may be kept for switching modes.</summary>
    public static Tolerance ParseEntry(string source, string key, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw SettingsException.ForKey(source, key, "an object", e.ValueKind.ToString());
        string? mode = null;
        double? atol = null, rtol = null, ulp = null, k = null;
        foreach (JsonProperty p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "mode":
                    mode = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
                    if (mode is not ("allclose" or "ulp" or "model"))
                        throw SettingsException.ForKey(source, key + ".mode", "\"allclose\", \"ulp\" or \"model\"", p.Value.GetRawText());
                    break;
                case "atol": atol = NonNegative(source, key + ".atol", p.Value); break;
                case "rtol": rtol = NonNegative(source, key + ".rtol", p.Value); break;
                case "ulp": ulp = NonNegative(source, key + ".ulp", p.Value); break;
                case "k": k = NonNegative(source, key + ".k", p.Value); break;
                case "note": break;
                default:
                    throw SettingsException.ForKey(source, key + "." + p.Name, "one of mode, atol, rtol, ulp, k, note", "an unknown key");
            }
        }
        return mode switch
        {
            "allclose" => Tolerance.AllClose(Required(atol, "atol"), Required(rtol, "rtol")) with { MaxUlps = ulp ?? 0, K = k ?? 0 },
            "ulp" => Tolerance.Ulps(Required(ulp, "ulp")) with { Atol = atol ?? 0, Rtol = rtol ?? 0, K = k ?? 0 },
            "model" => Tolerance.Model(Required(k, "k")) with { Atol = atol ?? 0, Rtol = rtol ?? 0, MaxUlps = ulp ?? 0 },
            _ => throw SettingsException.ForKey(source, key + ".mode", "\"allclose\", \"ulp\" or \"model\"", "nothing"),
        };

        double Required(double? v, string name) =>
            v ?? throw SettingsException.ForKey(source, key + "." + name, $"a non-negative number (mode {mode} needs it)", "nothing");
    }

    private static double NonNegative(string source, string key, JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d) || d < 0)
        {
            throw SettingsException.ForKey(source, key, "a non-negative number", v.GetRawText());
        }
        return d;
    }

    /// <summary>HARNESS_TOLERANCE (every entry), then HARNESS_TOLERANCE_OP_PASS_DTYPE (one entry).</summary>
    public ToleranceTable OverlayEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ToleranceTable table = this;
        if (environment.TryGetValue("HARNESS_TOLERANCE", out string? all) && !string.IsNullOrWhiteSpace(all))
        {
            table = table.WithAll(ToleranceSpec.Parse("environment", "HARNESS_TOLERANCE", all));
        }
        foreach (var (key, _, _, _) in AllKeys())
        {
            string variable = EnvironmentName(key);
            if (environment.TryGetValue(variable, out string? one) && !string.IsNullOrWhiteSpace(one))
            {
                table = table.With("environment", key, ToleranceSpec.Parse("environment", variable, one));
            }
        }
        return table;
    }

    /// <summary>"softmax/forward/float32" -> "HARNESS_TOLERANCE_SOFTMAX_FORWARD_FLOAT32".</summary>
    public static string EnvironmentName(string key) =>
        "HARNESS_TOLERANCE_" + key.Replace('/', '_').ToUpperInvariant();

    public static IReadOnlyDictionary<string, string?> ReadEnvironment()
    {
        var result = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            string name = (string)e.Key;
            if (name.StartsWith("HARNESS_", StringComparison.Ordinal)) result[name] = e.Value as string;
        }
        return result;
    }

    private static string Quote(string s) => "'" + s + "'";

    public override string ToString() =>
        string.Join(Environment.NewLine, _entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value}"));

    internal static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
