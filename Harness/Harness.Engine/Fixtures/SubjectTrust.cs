using Harness.Subjects;

namespace Harness.Fixtures;

/// <summary>
/// Which subject a fixture may make replay run. A fixture's <c>subject</c> may name any DLL, and loading it runs its
/// code, so a fixture is trusted only as far as the repository that holds it: replay runs the subject a fixture names
/// when it is a built-in name, or a DLL inside the repository that holds the fixture (the nearest folder above the
/// fixture with a <c>.git</c>); any other DLL only when the user names the subject or allows fixtures' subjects.
/// </summary>
public static class SubjectTrust
{
    /// <summary>Resolves the subject <paramref name="fixture"/> names, after the trust check.</summary>
    /// <param name="fixture">The fixture.</param>
    /// <param name="fixturePath">Its file; null when it has none (then only built-in subjects run).</param>
    /// <param name="trustAny">The user allowed fixtures' subjects (--trust-subjects): no check.</param>
    /// <exception cref="UntrustedSubjectException">The DLL lies outside the fixture's repository.</exception>
    /// <exception cref="SubjectLoadException">The name does not resolve.</exception>
    public static KernelSubject Resolve(Fixture fixture, string? fixturePath, bool trustAny = false)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        if (!trustAny) Check(fixture.Subject, fixturePath);
        return SubjectCatalog.Subject(fixture.Subject);
    }

    /// <exception cref="UntrustedSubjectException">The DLL <paramref name="spec"/> names lies outside the repository
    /// holding <paramref name="fixturePath"/>.</exception>
    public static void Check(string spec, string? fixturePath)
    {
        string? dll = DllOf(spec);
        if (dll is null) return;
        // The path SubjectCatalog.Load would open (relative to the working directory), normalised ("..", ".").
        string full = Path.GetFullPath(dll);
        string? repository = fixturePath is null ? null : FixtureName.GitRoot(Path.GetDirectoryName(Path.GetFullPath(fixturePath)));
        if (repository is not null && IsInside(full, repository)) return;
        throw UntrustedSubjectException.For(spec, full, repository);
    }

    /// <summary>The DLL path of a <c>path:Type</c> spec; null for a built-in or unknown name (nothing to load).</summary>
    public static string? DllOf(string spec)
    {
        if (SubjectCatalog.BuiltInNames.Contains(spec)) return null;
        int colon = spec.LastIndexOf(':');
        return colon <= 0 || colon == spec.Length - 1 ? null : spec[..colon];
    }

    private static bool IsInside(string path, string folder)
    {
        string relative = Path.GetRelativePath(folder, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
