using Harness.Subjects;
using PropertyTests.Mutants;
using Reference;

namespace PropertyTests.Engine;

/// <summary>Loading subjects by name and by path: a user's kernel from an assembly, and every way that can go wrong.</summary>
public sealed class SubjectCatalogTests
{
    private static readonly string ThisAssembly = typeof(SubjectCatalogTests).Assembly.Location;

    [Fact]
    public void A_kernel_in_another_assembly_loads_by_path_and_type_name()
    {
        ISoftmaxKernel kernel = SubjectCatalog.Resolve($"{ThisAssembly}:{typeof(LostMinusSign).FullName}");
        Assert.Equal("mutant-lost-minus", kernel.Name);
    }

    [Fact]
    public void An_unknown_name_lists_the_built_in_subjects()
    {
        var e = Assert.Throws<SubjectLoadException>(() => SubjectCatalog.Resolve("fast"));
        Assert.Equal("Unknown subject 'fast': expected one of accurate, vectorized, tensorprimitives, or path/to/Kernels.dll:Namespace.Type", e.Message);
    }

    [Fact]
    public void A_missing_assembly_is_named()
    {
        var e = Assert.Throws<SubjectLoadException>(() => SubjectCatalog.Resolve("nowhere/Kernels.dll:My.Kernel"));
        Assert.Equal("Subject assembly 'nowhere/Kernels.dll' does not exist (expected a .NET assembly path before the ':')", e.Message);
    }

    [Fact]
    public void A_missing_type_lists_the_kernels_the_assembly_has()
    {
        var e = Assert.Throws<SubjectLoadException>(() => SubjectCatalog.Resolve($"{ThisAssembly}:My.Missing"));
        Assert.StartsWith($"Subject type 'My.Missing' is not in '{ThisAssembly}' (kernels found: ", e.Message);
        Assert.Contains(typeof(LostMinusSign).FullName!, e.Message);
    }

    [Fact]
    public void A_type_that_is_not_a_kernel_is_refused()
    {
        var e = Assert.Throws<SubjectLoadException>(() => SubjectCatalog.Resolve($"{ThisAssembly}:{typeof(SubjectCatalogTests).FullName}"));
        Assert.Equal($"Subject type '{typeof(SubjectCatalogTests).FullName}' in '{ThisAssembly}' does not implement Reference.ISoftmaxKernel", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_refused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-an-assembly-{Guid.NewGuid():N}.dll");
        File.WriteAllText(path, "hello");
        try
        {
            var e = Assert.Throws<SubjectLoadException>(() => SubjectCatalog.Resolve($"{path}:A.B"));
            Assert.Equal($"Subject assembly '{path}' is not a .NET assembly", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
