using System.Globalization;
using Harness.Generation;
using Harness.Settings;

namespace Harness.Engine;

/// <summary>
/// The environment variables every entry point reads (run-tests.sh documents them):
/// HARNESS_SEED (the run's seed), HARNESS_SCALE (multiplies case counts), HARNESS_MAX_ELEMENTS (cap per case),
/// HARNESS_REPLAY (a case token: run just that case), HARNESS_FIXTURES (the fixture folder).
/// </summary>
public sealed record RunSettings(ulong Seed, double Scale, int MaxElements, string? Replay)
{
    /// <summary>The seed used when none is given, so that two runs without options see the same cases.</summary>
    public const ulong DefaultSeed = 20_261_124;

    public static RunSettings FromEnvironment(IReadOnlyDictionary<string, string?>? environment = null)
    {
        environment ??= ToleranceTable.ReadEnvironment();
        ulong seed = DefaultSeed;
        double scale = 1;
        int maxElements = GeneratorOptions.DefaultMaxElements;
        if (Get("HARNESS_SEED") is { } s && !ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
            throw SettingsException.ForKey("environment", "HARNESS_SEED", "a whole number from 0 to 18446744073709551615", $"'{s}'");
        if (Get("HARNESS_SCALE") is { } sc && (!double.TryParse(sc, NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || !(scale > 0) || !double.IsFinite(scale)))
            throw SettingsException.ForKey("environment", "HARNESS_SCALE", "a positive number (1 = default case counts)", $"'{sc}'");
        if (Get("HARNESS_MAX_ELEMENTS") is { } m && (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out maxElements) || maxElements < 1))
            throw SettingsException.ForKey("environment", "HARNESS_MAX_ELEMENTS", "a whole number of at least 1", $"'{m}'");
        string? replay = Get("HARNESS_REPLAY");
        if (replay is not null && !CaseToken.TryParse(replay, out _))
            throw SettingsException.ForKey("environment", "HARNESS_REPLAY", "a case token such as softmax/forward/float32@42:17", $"'{replay}'");
        return new RunSettings(seed, scale, maxElements, replay);

        string? Get(string name) => environment.TryGetValue(name, out string? v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
    }

    /// <summary>A case count scaled by HARNESS_SCALE (at least 1).</summary>
    public int Scaled(int cases) => Math.Max(1, (int)Math.Round(cases * Scale));
}
