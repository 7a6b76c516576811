using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using Reference;

namespace Harness.Subjects;

/// <summary>
/// Checks a kernel assembly before its types are touched, so that the two usual ways a DLL fails to load come out as
/// one line each instead of a TypeLoadException from deep inside the run: a kernel built against a newer contract
/// than this harness carries, and a dependency that is not beside the DLL.
/// </summary>
internal static class ContractCheck
{
    /// <summary>The contract assembly's name (the Harness.Reference package).</summary>
    public static readonly AssemblyName Contract = typeof(ISoftmaxKernel).Assembly.GetName();

    /// <summary>Reads the kernel's assembly references from its metadata (nothing is loaded) and refuses one built
    /// against a newer contract. An older contract is fine: the contract only grows (new op families add types).</summary>
    public static void ThrowIfIncompatible(string path, string fullPath)
    {
        Version? built = null;
        try
        {
            using var stream = File.OpenRead(fullPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return;
            MetadataReader md = pe.GetMetadataReader();
            foreach (AssemblyReferenceHandle h in md.AssemblyReferences)
            {
                AssemblyReference r = md.GetAssemblyReference(h);
                if (md.GetString(r.Name) == Contract.Name) built = r.Version;
            }
        }
        catch (BadImageFormatException)
        {
            return; // LoadFrom reports it, with its own message
        }
        Version ours = Contract.Version!;
        if (built is not null && built > ours) throw SubjectLoadException.ForContractVersion(path, built, ours);
    }

    /// <summary>Loads every assembly the kernel references (from the harness or the kernel's folder) and names the
    /// first that cannot be found.</summary>
    public static void ThrowIfDependencyMissing(string path, Assembly kernel)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (AssemblyName dependency in kernel.GetReferencedAssemblies())
        {
            try
            {
                AssemblyLoadContext.Default.LoadFromAssemblyName(dependency);
            }
            catch (FileNotFoundException e)
            {
                // LoadFrom resolves a dependency from the kernel's own folder only while that kernel is loading.
                string beside = Path.Combine(folder, dependency.Name + ".dll");
                if (File.Exists(beside))
                {
                    try
                    {
                        Assembly.LoadFrom(beside);
                        continue;
                    }
                    catch (Exception inner) when (inner is FileLoadException or BadImageFormatException)
                    {
                        throw SubjectLoadException.ForMissingDependency(path, dependency, inner);
                    }
                }
                throw SubjectLoadException.ForMissingDependency(path, dependency, e);
            }
            catch (FileLoadException e)
            {
                throw SubjectLoadException.ForMissingDependency(path, dependency, e);
            }
        }
    }
}
