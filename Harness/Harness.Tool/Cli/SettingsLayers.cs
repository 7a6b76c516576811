using Harness.Comparison;
using Harness.Engine;
using Harness.Settings;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>
/// Settings layering, later wins (docs/cli.md documents it). Tolerances: the profile (`--profile`, else
/// HARNESS_PROFILE, else `strict` when every subject is built in and `parity` otherwise) gives built-in defaults and
/// its embedded file; a custom file (`--tolerances FILE`, else HARNESS_TOLERANCES) replaces that file; then the
/// environment (HARNESS_TOLERANCE, HARNESS_TOLERANCE_OP_PASS_DTYPE), then options (`--tolerance-mode`, then
/// `--tolerance KEY=SPEC` in order). Nothing is looked up from the working directory: the same kernel, command and
/// seed give the same verdict from any folder. Seed, case cap and fixture folder: the environment (HARNESS_SEED,
/// HARNESS_MAX_ELEMENTS, HARNESS_FIXTURES), then options (`--seed`, `--max-elements`, `--fixtures`).
/// </summary>
public static class SettingsLayers
{
    /// <summary>Where failures go when neither --fixtures nor HARNESS_FIXTURES says: this folder under the working
    /// directory, unless every subject is built in and the tool runs from a clone of this repository.</summary>
    public const string UserFixturesFolder = HarnessDefaults.FixturesFolderName;

    /// <param name="inputs">The command line's values.</param>
    /// <param name="environment">The HARNESS_* variables.</param>
    /// <param name="workingDirectory">Where relative paths are resolved (and a user's failures saved by default).</param>
    /// <param name="defaultSeed">The seed when none is given.</param>
    /// <param name="subjects">The --subject values as given (null or empty: the built-in default subjects); they
    /// choose the default profile and fixture folder.</param>
    /// <exception cref="SettingsException">A tolerance file, environment variable or option value is invalid.</exception>
    /// <exception cref="UsageException">--tolerances names a file that does not exist.</exception>
    public static ResolvedSettings Resolve(SettingsInputs inputs, IReadOnlyDictionary<string, string?> environment,
        string workingDirectory, ulong defaultSeed, IReadOnlyList<string>? subjects = null)
    {
        IReadOnlyList<string> specs = subjects is { Count: > 0 } ? subjects : SubjectCatalog.DefaultNames;
        bool builtInOnly = specs.All(s => SubjectCatalog.BuiltInNames.Contains(s));
        string? repository = ToleranceProfiles.RepositoryOfTheTool();

        // Layers 1-3 for tolerances: the profile (option, environment, else from the subjects) with its defaults and
        // file (or a custom file), then the environment; chosen by the engine, as the library API chooses it.
        string? file = null;
        if (inputs.TolerancesFile is { } explicitFile)
        {
            file = Path.GetFullPath(explicitFile, workingDirectory);
            if (!File.Exists(file)) throw UsageException.ForMissingPath("--tolerances: tolerance file", explicitFile);
        }
        else if (Has(environment, "HARNESS_TOLERANCES"))
        {
            string fromEnvironment = environment["HARNESS_TOLERANCES"]!.Trim();
            file = Path.GetFullPath(fromEnvironment, workingDirectory);
            if (!File.Exists(file)) throw UsageException.ForMissingPath("HARNESS_TOLERANCES: tolerance file", fromEnvironment);
        }
        ProfileChoice choice = ProfileChoice.Choose(inputs.Profile, file, specs, environment, workingDirectory);
        (ToleranceProfile profile, string profileSource, ToleranceTable table, string source) = (choice.Profile, choice.ProfileSource, choice.Table, choice.Source);

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

        // A user's failures are never saved into this repository's fixtures/ unless asked for by name.
        string fixtures = inputs.Fixtures
            ?? (Has(environment, "HARNESS_FIXTURES") ? environment["HARNESS_FIXTURES"]!.Trim()
                : builtInOnly && repository is not null ? Path.Combine(repository, "fixtures")
                : Path.Combine(workingDirectory, UserFixturesFolder));
        fixtures = Path.GetFullPath(fixtures, workingDirectory);
        return new ResolvedSettings(table, file, seed, seedSource, maxElements, fixtures, repository, env.Scale, env.Replay)
        {
            Profile = profile,
            ProfileSource = profileSource,
            ToleranceSource = source,
        };
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
