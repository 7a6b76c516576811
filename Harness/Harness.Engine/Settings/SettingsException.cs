namespace Harness.Settings;

/// <summary>Invalid settings: a tolerance file, an environment variable or an option. The message names the source
/// and the key, and says what was expected and what was found.</summary>
public sealed class SettingsException : Exception
{
    private SettingsException(string message) : base(message) { }

    public static SettingsException ForKey(string source, string key, string expected, string found) =>
        new($"{source}: '{key}': expected {expected}, found {found}");

    public static SettingsException ForFile(string source, string problem) =>
        new($"{source}: {problem}");
}
