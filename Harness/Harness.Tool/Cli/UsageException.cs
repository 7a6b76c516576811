namespace Harness.Cli;

/// <summary>A bad option value or a missing input: reported as one line on stderr, exit code 2.</summary>
public sealed class UsageException : Exception
{
    private UsageException(string message) : base(message) { }

    public static UsageException ForOption(string option, string expected, string found) =>
        new($"{option}: expected {expected}, found '{found}'");

    public static UsageException ForMissingPath(string what, string path) =>
        new($"{what} '{path}' does not exist");

    public static UsageException ForProblem(string message) => new(message);
}
