using Harness.Subjects;

namespace Harness.Cli;

/// <summary>Resolves `--subject` values (built-in names or path.dll:Type) to subjects, once each.</summary>
internal static class SubjectOptions
{
    /// <exception cref="SubjectLoadException">A name is unknown or its assembly or type cannot be loaded.</exception>
    public static IReadOnlyList<KernelSubject> Resolve(IReadOnlyList<string>? names, string workingDirectory)
    {
        IReadOnlyList<string> chosen = names is { Count: > 0 } ? names : SubjectCatalog.DefaultNames;
        // The absolute spec is what fixtures and rerun commands record: it loads again from any folder.
        return chosen.Distinct().Select(n => SubjectCatalog.Subject(Absolute(n, workingDirectory))).ToList();
    }

    // A relative dll path is relative to the working directory the user typed it in.
    private static string Absolute(string name, string workingDirectory)
    {
        int colon = name.LastIndexOf(':');
        if (colon <= 0 || SubjectCatalog.BuiltInNames.Contains(name)) return name;
        return Path.GetFullPath(name[..colon], workingDirectory) + name[colon..];
    }
}
