using Harness.Engine;
using Harness.Subjects;
using PropertyTests.Support;
using Reference;
using Xunit.Abstractions;

namespace PropertyTests.Engine;

/// <summary>A user's kernel, built outside the harness (samples/UserKernel), is loaded by path and cross-checked.</summary>
public sealed class UserKernelTests(ITestOutputHelper output)
{
    private const string TypeName = "UserKernel.TwoPassSoftmax";

    private static string AssemblyPath()
    {
        foreach (string configuration in new[] { "Release", "Debug" })
        {
            string path = Path.Combine(TestRun.RepositoryRoot, "samples", "UserKernel", "bin", configuration, "net10.0", "UserKernel.dll");
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException("samples/UserKernel is not built: run `dotnet build Harness.sln -c Release` (run-tests.sh does)");
    }

    [Fact]
    public void A_kernel_loaded_by_path_is_cross_checked_against_torch()
    {
        ISoftmaxKernel kernel = SubjectCatalog.Resolve($"{AssemblyPath()}:{TypeName}");
        Assert.Equal("two-pass", kernel.Name);
        CheckReport report = CrossCheckProperties.Run(new KernelSubject(kernel), "softmax/forward/float64", cases: 200);
        GroupResult group = Assert.Single(report.Groups);
        output.WriteLine($"{group.Cases} cases, {group.Failures} failures, max ULP vs torch {group.MaxUlpError}");
        Assert.True(group.Cases > 0);
        Assert.True(report.Passed, string.Join("\n\n", report.ShrunkFailures.Select(f => f.Describe())));
    }
}
