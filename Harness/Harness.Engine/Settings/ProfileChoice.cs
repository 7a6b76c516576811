namespace Harness.Settings;

/// <summary>
/// The standard a run is judged by, chosen the same way by the tool and the library (<see cref="Choose"/>): the
/// profile (given, else HARNESS_PROFILE, else <see cref="ToleranceProfiles.DefaultFor"/> the subjects), then its
/// embedded file or a custom one (given, else HARNESS_TOLERANCES), then the environment's tolerance overrides.
/// </summary>
/// <param name="Profile">parity or strict.</param>
/// <param name="ProfileSource">Why this profile: "option", "environment", or the default's reason.</param>
/// <param name="File">The custom tolerance file in force (full path), or null for the profile's built-in file.</param>
/// <param name="Source">Where the numbers come from, for run headers and fixtures.</param>
/// <param name="Table">The tolerances.</param>
public sealed record ProfileChoice(ToleranceProfile Profile, string ProfileSource, string? File, string Source, ToleranceTable Table)
{
    /// <param name="profile">The profile named by an option or API setting, or null.</param>
    /// <param name="tolerancesFile">A custom tolerance file named by an option or API setting, or null.</param>
    /// <param name="subjectSpecs">The subjects' specs (built-in names or path:Type): they choose the default profile.</param>
    /// <param name="environment">The HARNESS_* variables.</param>
    /// <param name="workingDirectory">Where a relative file path is resolved.</param>
    /// <exception cref="SettingsException">A profile name, file or environment variable is invalid, or a named file
    /// does not exist.</exception>
    public static ProfileChoice Choose(string? profile, string? tolerancesFile, IReadOnlyList<string> subjectSpecs,
        IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        ToleranceProfile chosen;
        string why;
        if (profile is not null) (chosen, why) = (ToleranceProfiles.Parse("--profile", profile), "option");
        else if (Get(environment, "HARNESS_PROFILE") is { } fromEnvironment) (chosen, why) = (ToleranceProfiles.Parse("HARNESS_PROFILE", fromEnvironment), "environment");
        else
        {
            chosen = ToleranceProfiles.DefaultFor(subjectSpecs);
            why = chosen == ToleranceProfile.Strict ? "default for built-in subjects" : "default for a kernel that is not built in";
        }

        string? file = null;
        if (tolerancesFile is not null) file = Existing("--tolerances", tolerancesFile, workingDirectory);
        else if (Get(environment, "HARNESS_TOLERANCES") is { } named) file = Existing("HARNESS_TOLERANCES", named, workingDirectory);
        ToleranceTable table = ToleranceProfiles.Load(chosen, file, environment);
        return new ProfileChoice(chosen, why, file, file ?? ToleranceProfiles.Source(chosen), table);
    }

    /// <summary>HARNESS_PROFILE or HARNESS_TOLERANCES names the standard: it then wins over the profile a fixture
    /// recorded (replay, show, Gate.Replay), as an option naming one does.</summary>
    public static bool NamedByEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        Get(environment, "HARNESS_PROFILE") is not null || Get(environment, "HARNESS_TOLERANCES") is not null;

    private static string Existing(string source, string path, string workingDirectory)
    {
        string full = Path.GetFullPath(path, workingDirectory);
        if (!System.IO.File.Exists(full)) throw SettingsException.ForKey(source, "tolerance file", "an existing file", $"'{path}' (not found)");
        return full;
    }

    private static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out string? v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
