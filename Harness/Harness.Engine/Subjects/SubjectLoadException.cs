using System.Reflection;
using Reference;

namespace Harness.Subjects;

/// <summary>A subject could not be found or loaded. The message says what was given and what was expected.</summary>
public sealed class SubjectLoadException : Exception
{
    private SubjectLoadException(string message, Exception? inner = null) : base(message, inner) { }

    public static SubjectLoadException ForUnknownName(string name, IEnumerable<string> builtIn) =>
        new($"Unknown subject '{name}': expected one of {string.Join(", ", builtIn)}, or path/to/Kernels.dll:Namespace.Type");

    public static SubjectLoadException ForMissingFile(string path) =>
        new($"Subject assembly '{path}' does not exist (expected a .NET assembly path before the ':')");

    public static SubjectLoadException ForNotAnAssembly(string path) =>
        new($"Subject assembly '{path}' is not a .NET assembly");

    public static SubjectLoadException ForMissingType(string path, string typeName, Assembly assembly)
    {
        string[] kernels = SafeTypes(assembly).Where(t => typeof(ISoftmaxKernel).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => t.FullName!).ToArray();
        string hint = kernels.Length == 0 ? "it has no type implementing Reference.ISoftmaxKernel" : "kernels found: " + string.Join(", ", kernels);
        return new($"Subject type '{typeName}' is not in '{path}' ({hint})");
    }

    public static SubjectLoadException ForWrongType(string path, string typeName) =>
        new($"Subject type '{typeName}' in '{path}' does not implement Reference.ISoftmaxKernel");

    public static SubjectLoadException ForNoConstructor(string path, string typeName) =>
        new($"Subject type '{typeName}' in '{path}' has no public parameterless constructor (or is abstract)");

    public static SubjectLoadException ForConstructorFailure(string path, string typeName, Exception inner) =>
        new($"Subject type '{typeName}' in '{path}' threw from its constructor: {inner.Message}", inner);

    public static SubjectLoadException ForContractVersion(string path, Version built, Version ours) =>
        new($"Subject assembly '{path}' was built against the kernel contract Reference {built} (package Harness.Reference " +
            $"{built.ToString(3)}), newer than this harness's Reference {ours}: update the harness (Harness.Tool / Harness.Engine) " +
            $"to {built.ToString(3)} or later, or build the kernel against Harness.Reference {ours.ToString(3)}");

    public static SubjectLoadException ForMissingDependency(string path, AssemblyName dependency, Exception inner) =>
        new($"Subject assembly '{path}' needs '{dependency.Name}' version {dependency.Version}, which is neither beside it " +
            $"({Path.GetDirectoryName(Path.GetFullPath(path))}) nor part of the harness: copy it there (build the kernel's project, " +
            $"or publish it, so that its dependencies land beside the DLL)", inner);

    public static SubjectLoadException ForTypeLoadFailure(string path, string typeName, Exception inner) =>
        new($"Subject type '{typeName}' in '{path}' could not be loaded: {inner.GetType().Name}: {inner.Message}", inner);

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
