namespace Harness.Cli;

/// <summary>The tool's exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>Everything checked passed.</summary>
    public const int Passed = 0;

    /// <summary>Mismatches were found (and saved, unless --no-save).</summary>
    public const int Mismatches = 1;

    /// <summary>Bad usage or bad input: an unknown option, a bad value, a missing file, invalid settings.</summary>
    public const int BadInput = 2;
}
