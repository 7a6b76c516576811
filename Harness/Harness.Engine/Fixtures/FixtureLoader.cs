namespace Harness.Fixtures;

/// <summary>Reads fixture files. A bad file is a result carrying its <see cref="FixtureFormatException"/>, never a
/// thrown exception, so one bad file never stops the others.</summary>
public static class FixtureLoader
{
    /// <summary>Every <c>*.json</c> under <paramref name="directory"/> (subfolders included; names starting with '.'
    /// skipped, so temporary files never load), sorted by path (ordinal). A missing folder holds no fixtures.</summary>
    public static IReadOnlyList<FixtureLoadResult> LoadAll(string directory, FixtureLimits limits) =>
        Files(directory).Select(path => Load(path, limits)).ToList();

    /// <summary>The paths <see cref="LoadAll"/> would read.</summary>
    public static IReadOnlyList<string> Files(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Where(path => !Path.GetFileName(path).StartsWith('.') && path.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads one file; its size is checked before it is read. Messages name the file as <paramref name="path"/>
    /// spells it.</summary>
    public static FixtureLoadResult Load(string path, FixtureLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        try
        {
            byte[] bytes;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                long length = stream.Length;
                if (length > limits.MaxFileBytes) throw FixtureFormatException.ForFileTooLarge(path, length, limits.MaxFileBytes);
                bytes = new byte[length];
                stream.ReadExactly(bytes);
            }
            return new FixtureLoadResult(path, FixtureJson.Deserialize(path, bytes, limits), null);
        }
        catch (FixtureFormatException e)
        {
            return new FixtureLoadResult(path, null, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FixtureLoadResult(path, null, FixtureFormatException.ForUnreadableFile(path, e.Message));
        }
        catch (ArgumentException e)
        {
            // Deserialize validates everything Case checks; this is a safety net so a missed check fails one file only.
            return new FixtureLoadResult(path, null, FixtureFormatException.ForInvalidValue(path, "case", "a valid case", e.Message));
        }
    }
}
