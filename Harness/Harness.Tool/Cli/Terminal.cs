namespace Harness.Cli;

/// <summary>Where a command writes: standard output and error, and whether output is a live terminal (progress bar,
/// tables drawn by Spectre.Console) or redirected (plain lines for CI logs).</summary>
public sealed record Terminal(TextWriter Out, TextWriter Error, bool Interactive)
{
    /// <summary>The process console; interactive unless output is redirected.</summary>
    public static Terminal FromConsole() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
