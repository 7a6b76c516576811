namespace Harness.Cli;

/// <summary>What a command runs in: its terminal, the environment (HARNESS_* variables), the working directory
/// and the fixture store. Tests build one with captured output and a fake store.</summary>
public sealed record CliContext(Terminal Terminal, IReadOnlyDictionary<string, string?> Environment, string WorkingDirectory, IFixtureBridge Fixtures)
{
    public static CliContext FromProcess() =>
        new(Terminal.FromConsole(), Settings.ToleranceTable.ReadEnvironment(), Directory.GetCurrentDirectory(), new FixtureBridge());
}
