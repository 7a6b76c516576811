using System.Security.Cryptography;

namespace Harness.Subjects;

/// <summary>
/// Which kernel exactly a run judged: for a kernel loaded from a DLL, its path, assembly version and the SHA-256 of
/// the file (a rebuilt DLL at the same path is another kernel); for a built-in one, its name and the engine's version.
/// </summary>
public static class SubjectIdentity
{
    /// <summary>"two-pass: /path/UserKernel.dll (assembly 1.0.0.0, sha256 3f2a...)" or "accurate: built in".</summary>
    public static string Describe(KernelSubject subject)
    {
        Type type = subject.Kernel.GetType();
        if (SubjectCatalog.BuiltInNames.Contains(subject.Spec)) return $"{subject.Name}: built in";
        string path = type.Assembly.Location;
        string hash = "unknown";
        try
        {
            using FileStream stream = File.OpenRead(path);
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Loaded from bytes or deleted since: the version still says something.
        }
        return $"{subject.Name}: {path} (assembly {type.Assembly.GetName().Version}, sha256 {hash})";
    }
}
