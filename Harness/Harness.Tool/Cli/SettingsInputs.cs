namespace Harness.Cli;

/// <summary>The command-line values that take part in settings layering; null or empty: not given.</summary>
public sealed record SettingsInputs
{
    /// <summary>--profile parity|strict: the standard the subjects are held to (default: strict for built-in subjects,
    /// parity otherwise).</summary>
    public string? Profile { get; init; }

    /// <summary>--tolerances FILE: a custom tolerance file, used instead of the profile's built-in one.</summary>
    public string? TolerancesFile { get; init; }

    /// <summary>An option names the standard (a profile, a tolerance file, a mode or a KEY=SPEC): it then wins over the
    /// profile a fixture recorded.</summary>
    public bool NamesStandard => Profile is not null || TolerancesFile is not null || ToleranceMode is not null || ToleranceOverrides.Count > 0;

    /// <summary>--tolerance KEY=SPEC, in order; KEY is op/pass/dtype or `all`.</summary>
    public IReadOnlyList<string> ToleranceOverrides { get; init; } = [];

    /// <summary>--tolerance-mode allclose|ulp|model: every entry switches to that mode with its stored parameters.</summary>
    public string? ToleranceMode { get; init; }

    public ulong? Seed { get; init; }
    public int? MaxElements { get; init; }
    public string? Fixtures { get; init; }
}
