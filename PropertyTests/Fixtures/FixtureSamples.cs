using Harness.Cases;
using Harness.Comparison;
using Harness.Fixtures;
using Harness.Subjects;
using Reference;

namespace PropertyTests.Fixtures;

/// <summary>Shared pieces of the fixture tests: the repository's folders, fixed fixtures, scratch folders.</summary>
internal static class FixtureSamples
{
    /// <summary>A fixed provenance, so serialized text can be pinned.</summary>
    public static readonly FixtureProvenance Provenance =
        new("2.10.0.0", "0.1.0", 1, "avx2", new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero));

    public static string RepositoryRoot =>
        FixtureStore.FindRepositoryRoot() ?? throw new InvalidOperationException("No Harness.sln above the test binaries.");

    public static string BadFixtures => Path.Combine(RepositoryRoot, "PropertyTests", "TestData", "BadFixtures");

    /// <summary>The limits the bad-fixture tests use: 4 KiB files (so file-too-large.json stays small), default elements.</summary>
    public static readonly FixtureLimits SmallFiles = new(MaxFileBytes: 4096);

    /// <summary>A fixture for <paramref name="c"/>: the verdict recomputed from the two outputs.</summary>
    public static Fixture Make(Case c, double[] expected, double[] actual, string subject = "accurate", Tolerance? tolerance = null, string token = "test:1")
    {
        tolerance ??= Tolerance.TorchDefault(c.DType);
        Verdict verdict = Comparer.Compare(c, expected, actual, tolerance);
        return new Fixture(Fixture.CurrentSchemaVersion, c, subject, expected, actual, verdict, tolerance, token, Provenance);
    }

    public static Case Softmax2x3(double[] x, DType dtype = DType.Float64) =>
        new(SoftmaxOp.Softmax, Pass.Forward, dtype, [2, 3], -1, x, null, "test");

    /// <summary>An evaluator that returns fixed outputs, whatever the case (for pinned reports).</summary>
    public sealed class Fixed(string name, double[] output) : ICaseEvaluator
    {
        public string Name => name;

        public double[] Evaluate(Case c) => (double[])output.Clone();
    }
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fixture-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string[] Names() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover scratch folder in /tmp harms nothing.
        }
    }
}
