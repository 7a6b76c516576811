namespace Harness.Engine;

/// <summary>
/// What a failure's rerun command repeats beside the subject and the token, so that it reruns the same verdict: the
/// tolerance profile (when the run named one) and the tolerance file in force.
/// </summary>
/// <param name="Profile">The profile name ("parity", "strict"), or null when the run has none.</param>
/// <param name="ToleranceFile">The tolerance file the run read, or null for the built-in defaults.</param>
public sealed record RerunContext(string? Profile, string? ToleranceFile)
{
    public static readonly RerunContext None = new(null, null);

    /// <summary>The `check --input` file the run read, if any: its cases rerun with `--input FILE`, not a token.</summary>
    public string? InputFile { get; init; }
}
