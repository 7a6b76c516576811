using System.Reflection;
using Harness.Subjects;

namespace Harness.Settings;

/// <summary>
/// The built-in tolerance profiles. Their files (tolerances.json, tolerances.parity.json at the repository root) are
/// embedded in this assembly, so a profile means the same numbers wherever the engine runs: from a clone, as a NuGet
/// package, or inside the installed tool; nothing is looked up from the working directory.
/// </summary>
public static class ToleranceProfiles
{
    /// <summary>The file name of the `parity` profile's tolerances beside tolerances.json.</summary>
    public const string ParityFileName = "tolerances.parity.json";

    /// <summary>The profile's name as options and fixtures write it: "parity" or "strict".</summary>
    public static string Name(ToleranceProfile profile) => profile == ToleranceProfile.Parity ? "parity" : "strict";

    /// <summary>The file the profile's tolerances come from (embedded at build time).</summary>
    public static string FileName(ToleranceProfile profile) => profile == ToleranceProfile.Parity ? ParityFileName : ToleranceTable.FileName;

    /// <exception cref="SettingsException">The text is neither "parity" nor "strict".</exception>
    public static ToleranceProfile Parse(string source, string text) => text.Trim() switch
    {
        "parity" => ToleranceProfile.Parity,
        "strict" => ToleranceProfile.Strict,
        _ => throw SettingsException.ForKey(source, "profile", "parity or strict", $"'{text}'"),
    };

    /// <summary>The profile a run gets when none is named: `strict` when every subject is built in (our own kernels
    /// claim near-correct rounding), `parity` as soon as one is not (a user's kernel is held to PyTorch's accuracy).</summary>
    public static ToleranceProfile DefaultFor(IEnumerable<string> subjectSpecs) =>
        subjectSpecs.All(s => SubjectCatalog.BuiltInNames.Contains(s)) ? ToleranceProfile.Strict : ToleranceProfile.Parity;

    /// <summary>The text of the profile's embedded file.</summary>
    public static string Text(ToleranceProfile profile)
    {
        string resource = "Harness.Profiles." + FileName(profile);
        using Stream stream = typeof(ToleranceProfiles).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The engine assembly lacks its embedded resource '{resource}' (a build problem).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Where the profile's numbers come from, for run headers: "tolerances.parity.json built into Harness.Engine 1.0.0".</summary>
    public static string Source(ToleranceProfile profile) =>
        $"{FileName(profile)} built into Harness.Engine {typeof(ToleranceProfiles).Assembly.GetName().Version}";

    /// <summary>
    /// The profile's table: torch.testing's defaults, then <paramref name="customFile"/> if given, else the profile's
    /// embedded file, then the environment (HARNESS_TOLERANCE...); under `parity` every entry carries the parity rule.
    /// </summary>
    /// <exception cref="SettingsException">The custom file or an environment variable is invalid.</exception>
    public static ToleranceTable Load(ToleranceProfile profile, string? customFile = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ToleranceTable table = ToleranceTable.Defaults.WithParityRule(profile == ToleranceProfile.Parity);
        table = customFile is not null ? table.Overlay(customFile) : table.OverlayText(Source(profile), Text(profile));
        return table.OverlayEnvironment(environment ?? ToleranceTable.ReadEnvironment());
    }

    /// <summary>The folder holding Harness.sln above this assembly's own folder (a clone of this repository running
    /// its own build), or null (the engine came as a package, the tool was installed). Never the working directory.</summary>
    public static string? RepositoryOfTheTool()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harness.sln"))) return dir.FullName;
        }
        return null;
    }
}
