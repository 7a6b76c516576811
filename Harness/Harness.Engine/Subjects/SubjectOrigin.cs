using System.Reflection;
using System.Security.Cryptography;

namespace Harness.Subjects;

/// <summary>Where a DLL subject came from, for the run header and fixtures: so a stale build is never tested silently.</summary>
/// <param name="Path">The DLL's full path.</param>
/// <param name="AssemblyVersion">The kernel assembly's version (and informational version when it differs).</param>
/// <param name="Hash">The first 12 hex digits of the file's SHA-256.</param>
/// <param name="Modified">The file's last write time (UTC).</param>
public sealed record SubjectOrigin(string Path, string AssemblyVersion, string Hash, DateTime Modified)
{
    public static SubjectOrigin Of(string path, Type kernelType)
    {
        Assembly a = kernelType.Assembly;
        string version = a.GetName().Version?.ToString() ?? "?";
        string? informational = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null && !informational.StartsWith(version.TrimEnd('0', '.'), StringComparison.Ordinal)) version += $" ({informational})";
        using var stream = File.OpenRead(path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
        return new SubjectOrigin(path, version, hash, File.GetLastWriteTimeUtc(path));
    }

    /// <summary>"path (version 1.0.0.0, sha256 0123456789ab, built 2026-12-06 20:00 UTC)".</summary>
    public override string ToString() => $"{Path} (version {AssemblyVersion}, sha256 {Hash}, built {Modified:yyyy-MM-dd HH:mm} UTC)";
}
