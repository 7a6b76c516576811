namespace Harness.Cli;

/// <summary>The command-line values that take part in settings layering; null or empty: not given.</summary>
public sealed record SettingsInputs
{
    /// <summary>--tolerances FILE: replaces the tolerances.json found from the working directory.</summary>
    public string? TolerancesFile { get; init; }

    /// <summary>--tolerance KEY=SPEC, in order; KEY is op/pass/dtype or `all`.</summary>
    public IReadOnlyList<string> ToleranceOverrides { get; init; } = [];

    /// <summary>--tolerance-mode allclose|ulp|model: every entry switches to that mode with its stored parameters.</summary>
    public string? ToleranceMode { get; init; }

    public ulong? Seed { get; init; }
    public int? MaxElements { get; init; }
    public string? Fixtures { get; init; }
}
