using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Harness.Subjects;
using PropertyTests.Support;
using Reference;

namespace PropertyTests.Engine;

/// <summary>
/// The two usual ways a user's kernel DLL fails to load, each one line naming what to do: built against a newer
/// contract than the harness carries, and a dependency missing beside it; and the run header's origin line.
/// </summary>
public sealed class SubjectLoadingTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("subject-loading-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static string Built(string project, string dll)
    {
        string path = Path.Combine(TestRun.RepositoryRoot, "samples", project, "bin", "Release", "net10.0", dll);
        Assert.True(File.Exists(path), $"{path} is not built: run `dotnet build Harness.sln -c Release` (run-tests.sh does)");
        return path;
    }

    [Fact]
    public void A_kernel_built_against_a_newer_contract_names_both_versions()
    {
        string copy = Path.Combine(_scratch, "UserKernel.dll");
        File.Copy(Built("UserKernel", "UserKernel.dll"), copy);
        SetContractReferenceMajor(copy, 9);
        var e = Assert.Throws<SubjectLoadException>(() => SubjectCatalog.Resolve($"{copy}:UserKernel.TwoPassSoftmax"));
        Version ours = typeof(ISoftmaxKernel).Assembly.GetName().Version!;
        Assert.Contains($"was built against the kernel contract Reference 9.{ours.Minor}.{ours.Build}.{ours.Revision}", e.Message);
        Assert.Contains($"newer than this harness's Reference {ours}", e.Message);
        Assert.Contains("update the harness", e.Message);
    }

    [Fact]
    public void A_kernel_built_against_the_same_or_an_older_contract_loads()
    {
        string copy = Path.Combine(_scratch, "UserKernel.dll");
        File.Copy(Built("UserKernel", "UserKernel.dll"), copy);
        SetContractReferenceMajor(copy, 0, minor: 0);
        Assert.Equal("two-pass", SubjectCatalog.Resolve($"{copy}:UserKernel.TwoPassSoftmax").Name);
    }

    [Fact]
    public void A_missing_dependency_of_the_kernel_is_named()
    {
        string copy = Path.Combine(_scratch, "DependentKernel.dll");
        File.Copy(Built("DependentKernel", "DependentKernel.dll"), copy);
        var e = Assert.Throws<SubjectLoadException>(() => SubjectCatalog.Resolve($"{copy}:DependentKernel.LogSumExpSoftmax"));
        Assert.StartsWith($"Subject assembly '{copy}' needs 'DependentKernelHelpers' version 0.2.0.0, which is neither beside it", e.Message);
    }

    [Fact]
    public void A_kernel_with_its_dependency_beside_it_loads_and_its_origin_is_recorded()
    {
        string dll = Built("DependentKernel", "DependentKernel.dll");
        KernelSubject subject = SubjectCatalog.Subject($"{dll}:DependentKernel.LogSumExpSoftmax");
        Assert.Equal("log-sum-exp", subject.Name);
        SubjectOrigin origin = Assert.IsType<SubjectOrigin>(subject.Origin);
        Assert.Equal(Path.GetFullPath(dll), origin.Path);
        Assert.Equal("0.2.0.0", origin.AssemblyVersion);
        Assert.Matches("^[0-9a-f]{12}$", origin.Hash);
        Assert.Matches(@"^.+DependentKernel\.dll \(version 0\.2\.0\.0, sha256 [0-9a-f]{12}, built \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$", origin.ToString());
        Assert.Null(SubjectCatalog.Subject("accurate").Origin);
    }

    /// <summary>Rewrites the version of the kernel's reference to the contract assembly in place (the AssemblyRef
    /// row's MajorVersion and MinorVersion, its first two 16-bit fields), as a kernel built against another
    /// Harness.Reference would carry.</summary>
    private static void SetContractReferenceMajor(string path, ushort major, ushort? minor = null)
    {
        byte[] image = File.ReadAllBytes(path);
        int offset = -1;
        using (var pe = new PEReader(new MemoryStream(image)))
        {
            MetadataReader md = pe.GetMetadataReader();
            int row = 0;
            foreach (AssemblyReferenceHandle h in md.AssemblyReferences)
            {
                row++;
                if (md.GetString(md.GetAssemblyReference(h).Name) != "Reference") continue;
                offset = pe.PEHeaders.MetadataStartOffset + md.GetTableMetadataOffset(TableIndex.AssemblyRef)
                    + (row - 1) * md.GetTableRowSize(TableIndex.AssemblyRef);
            }
        }
        Assert.True(offset > 0, "the kernel references no Reference assembly");
        BitConverter.TryWriteBytes(image.AsSpan(offset, 2), major);
        if (minor is { } m) BitConverter.TryWriteBytes(image.AsSpan(offset + 2, 2), m);
        File.WriteAllBytes(path, image);
    }
}
