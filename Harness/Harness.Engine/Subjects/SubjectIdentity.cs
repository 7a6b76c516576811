namespace Harness.Subjects;

/// <summary>
/// Which kernel exactly a run judged: for a kernel loaded from a DLL, its path, assembly version, a short SHA-256 of
/// the file and its build time (a rebuilt DLL at the same path is another kernel); for a built-in one, its name.
/// </summary>
public static class SubjectIdentity
{
    /// <summary>"two-pass: /path/UserKernel.dll (version 1.0.0.0, sha256 3f2a0b1c4d5e, built 2026-12-06 20:00 UTC)" or
    /// "accurate: built in".</summary>
    public static string Describe(KernelSubject subject)
    {
        if (SubjectCatalog.BuiltInNames.Contains(subject.Spec)) return $"{subject.Name}: built in";
        if (subject.Origin is { } origin) return $"{subject.Name}: {origin}";
        Type type = subject.Kernel.GetType();
        string path = type.Assembly.Location;
        try
        {
            return path.Length == 0 ? $"{subject.Name}: {type.FullName} (in memory)" : $"{subject.Name}: {SubjectOrigin.Of(path, type)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Deleted since it was loaded: the version still says something.
            return $"{subject.Name}: {path} (version {type.Assembly.GetName().Version}, file unreadable: {e.Message})";
        }
    }
}
