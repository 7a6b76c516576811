using Harness.Engine;
using Harness.Settings;

namespace PropertyTests.Support;

/// <summary>The settings every property test shares: run-tests.sh's environment variables and the repository's
/// tolerance file (the same file `harness check` reads).</summary>
internal static class TestRun
{
    private static readonly Lazy<RunSettings> LazySettings = new(() => RunSettings.FromEnvironment());
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<ToleranceTable> LazyTolerances =
        new(() => ToleranceTable.Load(Path.Combine(RepositoryRoot, ToleranceTable.FileName), mustExist: true));

    public static RunSettings Settings => LazySettings.Value;

    public static string RepositoryRoot => LazyRoot.Value;

    public static ToleranceTable Tolerances => LazyTolerances.Value;

    /// <summary>The folder holding Harness.sln, found from the test assembly's folder or the working directory.</summary>
    private static string FindRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Harness.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Harness.sln not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}");
    }
}
