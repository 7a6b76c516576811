using System.Text;
using Harness.Cases;

namespace Harness.Fixtures;

/// <summary>
/// Saves fixtures into one folder, one file per case, named <c>op-pass-dtype-&lt;hash&gt;.json</c> from
/// <see cref="CaseHash.Short"/>. A case already stored is not stored again; a different file is never overwritten
/// (a name taken by another case gets <c>-2</c>, <c>-3</c>, ...).
/// </summary>
/// <remarks>
/// A save is atomic: the text goes to <c>.tmp-&lt;guid&gt;.json.partial</c> in the same folder, is flushed to disk,
/// then moved to its name with <c>overwrite: false</c> (on Linux a hard link then an unlink, so the name appears
/// complete or not at all). A process killed mid-save leaves at worst such a temporary file: loaders ignore it and
/// the next save deletes temporary files older than <see cref="StaleAfter"/>. Two processes saving the same case at
/// once both end with the one file; saving different cases under the same name, the loser moves on to the next suffix.
/// </remarks>
public sealed class FixtureStore
{
    /// <summary>The environment variable that overrides where fixtures are read and written.</summary>
    public const string EnvironmentVariable = "HARNESS_FIXTURES";

    /// <summary>Temporary files start with this prefix ...</summary>
    public const string TempPrefix = ".tmp-";

    /// <summary>... and end with this suffix, so no "*.json" pattern matches them.</summary>
    public const string TempSuffix = ".json.partial";

    /// <summary>A temporary file older than this belongs to a save that died; a live save takes milliseconds.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="directory">The folder.</param>
    /// <param name="limits">The reader's limits (default <see cref="FixtureLimits.Default"/>): a fixture whose file
    /// the reader would refuse is not written, and names are checked by loading with them.</param>
    public FixtureStore(string directory, FixtureLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        Limits = limits ?? FixtureLimits.Default;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Directory { get; }

    /// <summary>The limits of the reader this store writes for.</summary>
    public FixtureLimits Limits { get; }

    /// <summary>The file name a case gets when no other case holds it: "softmax-forward-float32-0123456789abcdef.json";
    /// <paramref name="attempt"/> 2 and up add "-2", "-3".</summary>
    public static string FileName(Case c, int attempt = 1) =>
        $"{Names.Of(c.Op)}-{Names.Of(c.Pass)}-{Names.Of(c.DType)}-{CaseHash.Short(c)}{(attempt > 1 ? "-" + attempt : "")}.json";

    /// <summary>Writes the fixture unless its case is already stored.</summary>
    /// <returns>The full path of the file that holds the case: the new file, or the one that was already there.</returns>
    /// <exception cref="FixtureTooLargeException">The reader would refuse the file (<see cref="Limits"/>): nothing is
    /// written.</exception>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    public string Save(Fixture f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Case.Count > Limits.MaxElements) throw FixtureTooLargeException.ForElements(f.Case.Summary, f.Case.Count, Limits.MaxElements);
        byte[] bytes = Utf8NoBom.GetBytes(FixtureJson.Serialize(f));
        // The reader's limit, not a guess of our own: a file one byte over it would be refused on replay.
        if (bytes.Length > Limits.MaxFileBytes) throw FixtureTooLargeException.ForBytes(f.Case.Summary, bytes.Length, Limits.MaxFileBytes);
        System.IO.Directory.CreateDirectory(Directory);
        DeleteStaleTemporaryFiles(DateTime.UtcNow);
        string? temp = null;
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                string target = Path.Combine(Directory, FileName(f.Case, attempt));
                if (File.Exists(target))
                {
                    if (HoldsCase(target, f.Case)) return target;
                    continue;
                }
                temp ??= WriteTemporary(bytes);
                try
                {
                    File.Move(temp, target, overwrite: false);
                    temp = null;
                    return target;
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another save took the name between the check and the move: same case, done; else next suffix.
                    if (HoldsCase(target, f.Case)) return target;
                }
            }
        }
        finally
        {
            if (temp is not null) TryDelete(temp);
        }
    }

    /// <summary>Deletes temporary files left by saves that died (older than <see cref="StaleAfter"/> at <paramref name="now"/>).</summary>
    /// <returns>How many were deleted.</returns>
    public int DeleteStaleTemporaryFiles(DateTime now)
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        int deleted = 0;
        foreach (string path in System.IO.Directory.EnumerateFiles(Directory, TempPrefix + "*" + TempSuffix))
        {
            DateTime written;
            try
            {
                written = File.GetLastWriteTimeUtc(path);
            }
            catch (IOException)
            {
                continue;
            }
            if (now - written > StaleAfter && TryDelete(path)) deleted++;
        }
        return deleted;
    }

    /// <summary>Finds the repository's fixture folder from any working directory: <c>HARNESS_FIXTURES</c> if set, else
    /// <c>fixtures/</c> beside the first Harness.sln above the test or tool binaries or the current directory.</summary>
    /// <exception cref="DirectoryNotFoundException">Neither the variable is set nor a repository is found.</exception>
    public static string FindRepositoryFixtures()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        string? root = FindRepositoryRoot();
        return root is not null
            ? Path.Combine(root, "fixtures")
            : throw new DirectoryNotFoundException(
                $"No fixture folder: {EnvironmentVariable} is not set and no folder holding Harness.sln is above '{AppContext.BaseDirectory}' or '{System.IO.Directory.GetCurrentDirectory()}'.");
    }

    /// <summary>The first folder holding Harness.sln above <see cref="AppContext.BaseDirectory"/>, else above the
    /// current directory; null when there is none.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Harness.sln"))) return dir.FullName;
            }
        }
        return null;
    }

    private string WriteTemporary(byte[] bytes)
    {
        string temp = Path.Combine(Directory, $"{TempPrefix}{Guid.NewGuid():N}{TempSuffix}");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        return temp;
    }

    // A file that cannot be read as a fixture holds no case: it is left alone and the next suffix is tried.
    private bool HoldsCase(string path, Case c)
    {
        FixtureLoadResult existing = FixtureLoader.Load(path, Limits);
        return existing.Fixture is { } stored && CaseHash.Same(stored.Case, c);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
