using System.Reflection;
using System.Runtime.CompilerServices;
using FsCheck;
using Harness.Cases;
using Harness.Engine;
using Harness.Fixtures;
using Harness.Generation;
using Harness.Oracles;
using Harness.Subjects;
using Reference;

namespace Harness;

/// <summary>
/// The engine for a kernel author's own tests: cross-check an <see cref="ISoftmaxKernel"/> against PyTorch with the
/// same defaults as `harness check` (<see cref="HarnessDefaults"/>), replay a fixtures folder as theory data, and
/// the FsCheck arbitrary of cases for properties of your own.
/// </summary>
/// <example>
/// <code>
/// public sealed class MyKernelTests
/// {
///     [Fact]
///     public void Agrees_with_pytorch() => Gate.Check(new MyKernel());
///
///     public static IEnumerable&lt;object[]&gt; Fixtures => Gate.FixtureFiles();
///
///     [Theory, MemberData(nameof(Fixtures))]
///     public void Fixture_replays(string file) => Gate.Replay(new MyKernel(), file);
/// }
/// </code>
/// </example>
/// <remarks>
/// Where things are, without depending on the working directory: the fixtures folder is <c>fixtures/</c> beside the
/// test project (the Harness.Engine package stamps the project's folder into the test assembly), or
/// HARNESS_FIXTURES, or <see cref="GateOptions.FixturesDirectory"/>. The environment variables of the tool apply:
/// HARNESS_SEED, HARNESS_SCALE, HARNESS_MAX_ELEMENTS, HARNESS_REPLAY (run just that case), HARNESS_FIXTURES.
/// Results can depend on the CPU (vector width) and libtorch's thread count; both are recorded in every fixture.
/// </remarks>
public static class Gate
{
    /// <summary>The assembly metadata key under which the Harness.Engine package's build step records the test
    /// project's folder.</summary>
    public const string ProjectDirectoryKey = "Harness.ProjectDirectory";

    /// <summary>
    /// Cross-checks <paramref name="kernel"/> against PyTorch over the seeded random case stream of every selected
    /// op x pass x dtype; failures are shrunk, saved as fixtures and reported.
    /// </summary>
    /// <returns>The run's report, when every case passed.</returns>
    /// <exception cref="HarnessCheckException">The kernel disagrees with PyTorch; the message is the failure report.</exception>
    /// <exception cref="Settings.SettingsException">An environment variable or the tolerance file is invalid.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CheckReport Check(ISoftmaxKernel kernel, GateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        options ??= new GateOptions();
        string fixtures = FixturesDirectory(options, Assembly.GetCallingAssembly());
        CheckOptions run = GateRun.Options(kernel, options, fixtures);
        _ = new TorchOracle(options.Threads);
        CheckReport report = CheckRunner.Run(run);
        if (report.Passed) return report;
        throw HarnessCheckException.ForReport(report, GateRun.Header(kernel, options, run, report, fixtures), report.ShrunkFailures.Select(f => f.Describe()));
    }

    /// <summary>Replays one fixture file (a name relative to the fixtures folder, or a path) with
    /// <paramref name="kernel"/> as the subject, whatever subject the file names.</summary>
    /// <exception cref="FixtureFormatException">The file is malformed; the message names the file and the field.</exception>
    /// <exception cref="HarnessCheckException">The kernel disagrees with PyTorch on the saved case, or libtorch's
    /// output moved since the file was saved; the message is the replay report.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Replay(ISoftmaxKernel kernel, string fixtureFile, GateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(fixtureFile);
        if (fixtureFile == NoFixtures) return;
        options ??= new GateOptions();
        string path = Path.IsPathRooted(fixtureFile) ? fixtureFile : Path.Combine(FixturesDirectory(options, Assembly.GetCallingAssembly()), fixtureFile);
        FixtureLoadResult loaded = FixtureLoader.Load(path, FixtureLimits.Default);
        if (loaded.Error is { } error) throw error;
        _ = new TorchOracle(options.Threads);
        string? failure = GateRun.Replay(kernel, loaded.Fixture!, path, options);
        if (failure is not null) throw HarnessCheckException.ForFixture(failure);
    }

    /// <summary>The fixture files of the fixtures folder (names relative to it, sorted), one row each, for
    /// <c>[MemberData]</c>: each file becomes its own test. An empty or missing folder gives one row, "(none)", which
    /// <see cref="Replay"/> treats as a pass, so a theory never has zero rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IEnumerable<object[]> FixtureFiles(GateOptions? options = null)
    {
        string directory = FixturesDirectory(options ?? new GateOptions(), Assembly.GetCallingAssembly());
        var files = FixtureLoader.Files(directory).Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')).ToList();
        return files.Count == 0 ? [[NoFixtures]] : files.Select(f => new object[] { f });
    }

    /// <summary>The row <see cref="FixtureFiles"/> gives for an empty folder.</summary>
    public const string NoFixtures = "(none)";

    /// <summary>The FsCheck arbitrary of cases of one op x pass x dtype: the engine's generator (every value regime,
    /// shapes of rank 0-4 around vector widths, negative dims) with its shrinker.</summary>
    public static Arbitrary<Case> Cases(SoftmaxOp op, Pass pass, DType dtype, GeneratorOptions? generator = null) =>
        CaseGenerator.Arbitrary(op, pass, dtype, generator ?? GeneratorOptions.Default);

    /// <summary>Cross-checks one case (from <see cref="Cases"/>, a fixture or your own) under the default tolerance of
    /// its op x pass x dtype, with arbitration: for properties of your own.</summary>
    public static CaseOutcome CrossCheck(ISoftmaxKernel kernel, Case c, GateOptions? options = null) =>
        GateRun.CrossCheck(kernel, c, options ?? new GateOptions());

    /// <summary>The folder failures go to and fixtures are replayed from: the option, else HARNESS_FIXTURES, else
    /// <c>fixtures/</c> beside the calling test project, else <c>fixtures/</c> under the working directory.</summary>
    public static string FixturesDirectory(GateOptions options, Assembly caller)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FixturesDirectory is { } given) return Path.GetFullPath(given);
        string? fromEnvironment = Environment.GetEnvironmentVariable(FixtureStore.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment.Trim());
        string? project = caller.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == ProjectDirectoryKey)?.Value;
        return Path.Combine(string.IsNullOrEmpty(project) ? Directory.GetCurrentDirectory() : project, HarnessDefaults.FixturesFolderName);
    }
}
