using Harness.Comparison;
using Harness.Engine;
using Harness.Settings;

namespace Harness.Cli;

/// <summary>
/// Settings layering, later wins (docs/cli.md documents it): built-in defaults, then tolerances.json (found by
/// walking up from the working directory; `--tolerances FILE` replaces it), then the environment (HARNESS_TOLERANCE,
/// HARNESS_TOLERANCE_OP_PASS_DTYPE, HARNESS_SEED, HARNESS_MAX_ELEMENTS, HARNESS_FIXTURES), then options
/// (`--tolerance-mode`, then `--tolerance KEY=SPEC` in order, `--seed`, `--max-elements`, `--fixtures`).
/// </summary>
public static class SettingsLayers
{
    /// <exception cref="SettingsException">A tolerance file, environment variable or option value is invalid.</exception>
    /// <exception cref="UsageException">--tolerances names a file that does not exist.</exception>
    public static ResolvedSettings Resolve(SettingsInputs inputs, IReadOnlyDictionary<string, string?> environment,
        string workingDirectory, ulong defaultSeed)
    {
        string? found = ToleranceTable.FindFile(workingDirectory);
        string root = found is null ? Path.GetFullPath(workingDirectory) : Path.GetDirectoryName(found)!;

        // Layers 1-3 for tolerances: defaults, file, environment.
        string? file = found;
        if (inputs.TolerancesFile is { } explicitFile)
        {
            file = Path.GetFullPath(explicitFile, workingDirectory);
            if (!File.Exists(file)) throw UsageException.ForMissingPath("--tolerances: tolerance file", explicitFile);
        }
        ToleranceTable table = ToleranceTable.Load(file, mustExist: file is not null, environment);

        // Layer 4: options. The mode switch first, so that an explicit KEY=SPEC still wins over it.
        if (inputs.ToleranceMode is { } mode) table = SwitchMode(table, mode);
        foreach (string pair in inputs.ToleranceOverrides) table = Override(table, pair);

        // Seed, case cap, replay and scale: the environment (validated by RunSettings), then options.
        RunSettings env = RunSettings.FromEnvironment(environment);
        bool seedInEnvironment = Has(environment, "HARNESS_SEED");
        ulong seed = inputs.Seed ?? (seedInEnvironment ? env.Seed : defaultSeed);
        string seedSource = inputs.Seed is not null ? "option" : seedInEnvironment ? "environment" : "default";
        int maxElements = inputs.MaxElements ?? env.MaxElements;
        if (maxElements < 1) throw UsageException.ForOption("--max-elements", "a whole number of at least 1", maxElements.ToString());

        string fixtures = inputs.Fixtures
            ?? (Has(environment, "HARNESS_FIXTURES") ? environment["HARNESS_FIXTURES"]!.Trim() : Path.Combine(root, "fixtures"));
        fixtures = Path.GetFullPath(fixtures, workingDirectory);
        return new ResolvedSettings(table, file, seed, seedSource, maxElements, fixtures, root, env.Scale, env.Replay);
    }

    /// <summary>Every entry switches to <paramref name="mode"/>, keeping the parameters the file stores for it.</summary>
    public static ToleranceTable SwitchMode(ToleranceTable table, string mode)
    {
        ToleranceMode target = mode switch
        {
            "allclose" => ToleranceMode.AllClose,
            "ulp" => ToleranceMode.Ulp,
            "model" => ToleranceMode.Model,
            _ => throw SettingsException.ForKey("--tolerance-mode", mode, "allclose, ulp or model", $"'{mode}'"),
        };
        foreach (var (key, t) in table.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            bool stored = target switch
            {
                ToleranceMode.AllClose => t.Atol > 0 || t.Rtol > 0,
                ToleranceMode.Ulp => t.MaxUlps > 0,
                _ => t.K > 0,
            };
            if (!stored)
            {
                string field = target switch { ToleranceMode.AllClose => "atol/rtol", ToleranceMode.Ulp => "ulp", _ => "k" };
                throw SettingsException.ForKey("--tolerance-mode", key, $"a stored '{field}' for mode {mode} (run 'harness tune --write')", "none");
            }
            table = table.With("--tolerance-mode", key, t with { Mode = target });
        }
        return table;
    }

    /// <summary>Applies one `--tolerance KEY=SPEC` (KEY `all` sets every entry).</summary>
    public static ToleranceTable Override(ToleranceTable table, string pair)
    {
        int eq = pair.IndexOf('=');
        if (eq <= 0) throw SettingsException.ForKey("--tolerance", pair, "KEY=SPEC, e.g. softmax/forward/float32=ulp:4 or all=model:8", $"'{pair}'");
        string key = pair[..eq].Trim();
        Tolerance t = ToleranceSpec.Parse("--tolerance", key, pair[(eq + 1)..]);
        return key == "all" ? table.WithAll(t) : table.With("--tolerance", key, t);
    }

    private static bool Has(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out string? v) && !string.IsNullOrWhiteSpace(v);
}
