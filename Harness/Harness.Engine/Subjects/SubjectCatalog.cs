using System.Reflection;
using Reference;
using Reference.Accurate;
using Reference.Vectorized;

namespace Harness.Subjects;

/// <summary>
/// Finds subjects by name: the built-in kernels ("accurate", "vectorized"), the TensorPrimitives adapter
/// ("tensorprimitives"), or a user's kernel given as <c>path/to/Kernels.dll:Namespace.Type</c>.
/// </summary>
public static class SubjectCatalog
{
    /// <summary>The subjects `check` runs when none is named.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = ["accurate", "vectorized"];

    /// <summary>Every name that resolves without a path.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = ["accurate", "vectorized", "tensorprimitives"];

    /// <exception cref="SubjectLoadException">The name is unknown, or the assembly or type cannot be loaded.</exception>
    public static ISoftmaxKernel Resolve(string name)
    {
        switch (name)
        {
            case "accurate": return new AccurateKernel();
            case "vectorized": return new VectorizedKernel();
            case "tensorprimitives": return new TensorPrimitivesKernel();
        }
        int colon = name.LastIndexOf(':');
        if (colon <= 0 || colon == name.Length - 1)
        {
            throw SubjectLoadException.ForUnknownName(name, BuiltInNames);
        }
        return Load(name[..colon], name[(colon + 1)..]);
    }

    /// <summary>Resolves <paramref name="spec"/> and remembers it, so fixtures and rerun commands can name it; a DLL
    /// subject also carries its <see cref="SubjectOrigin"/> (path, assembly version, hash) for the run header.</summary>
    public static KernelSubject Subject(string spec)
    {
        ISoftmaxKernel kernel = Resolve(spec);
        int colon = spec.LastIndexOf(':');
        SubjectOrigin? origin = BuiltInNames.Contains(spec) || colon <= 0 ? null : SubjectOrigin.Of(Path.GetFullPath(spec[..colon]), kernel.GetType());
        return new KernelSubject(kernel, spec) { Origin = origin };
    }

    /// <summary>Loads <paramref name="typeName"/> from the assembly at <paramref name="path"/> and creates it with its
    /// public parameterless constructor.</summary>
    public static ISoftmaxKernel Load(string path, string typeName)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw SubjectLoadException.ForMissingFile(path);
        ContractCheck.ThrowIfIncompatible(path, full);
        Assembly assembly;
        try
        {
            assembly = Assembly.LoadFrom(full);
        }
        catch (BadImageFormatException)
        {
            throw SubjectLoadException.ForNotAnAssembly(path);
        }
        ContractCheck.ThrowIfDependencyMissing(path, assembly);
        Type? type;
        try
        {
            type = assembly.GetType(typeName, throwOnError: false);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            throw SubjectLoadException.ForTypeLoadFailure(path, typeName, e);
        }
        if (type is null) throw SubjectLoadException.ForMissingType(path, typeName, assembly);
        if (!typeof(ISoftmaxKernel).IsAssignableFrom(type)) throw SubjectLoadException.ForWrongType(path, typeName);
        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null) throw SubjectLoadException.ForNoConstructor(path, typeName);
        try
        {
            return (ISoftmaxKernel)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw SubjectLoadException.ForConstructorFailure(path, typeName, e.InnerException ?? e);
        }
    }
}
