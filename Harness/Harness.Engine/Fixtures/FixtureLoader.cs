namespace Harness.Fixtures;

/// <summary>Reads fixture files. A bad file is a result carrying its <see cref="FixtureFormatException"/>, never a
/// thrown exception, so one bad file never stops the others.</summary>
public static class FixtureLoader
{
    /// <summary>Every <c>*.json</c> under <paramref name="directory"/> (subfolders included; names starting with '.'
    /// skipped, so temporary files never load), sorted by path (ordinal). A missing folder holds no fixtures.</summary>
    public static IReadOnlyList<FixtureLoadResult> LoadAll(string directory, FixtureLimits limits, bool verifyName = true) =>
        Files(directory).Select(path => Load(path, limits, verifyName)).ToList();

    /// <summary>The paths <see cref="LoadAll"/> would read.</summary>
    public static IReadOnlyList<string> Files(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Where(path => !Path.GetFileName(path).StartsWith('.') && path.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads one file; its size is checked before it is opened (a file of 0 bytes, which is also how a FIFO or
    /// device looks, is never opened) and before it is read. Messages name the file as <paramref name="shownAs"/>
    /// (else <paramref name="path"/>) spells it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">Size and element limits.</param>
    /// <param name="verifyName">Check that the file name's hash is the case's (<see cref="FixtureName.Verify"/>); off
    /// only for tests of the format itself.</param>
    /// <param name="shownAs">How messages name the file (e.g. relative to the user's folder); default <paramref name="path"/>.</param>
    public static FixtureLoadResult Load(string path, FixtureLimits limits, bool verifyName = true, string? shownAs = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        string name = shownAs ?? path;
        try
        {
            // Before opening: a FIFO's open(2) blocks until something writes to it. A FIFO, socket or device reports
            // a size of 0, as an empty file does, and neither can be a fixture.
            if (new FileInfo(path) is { Exists: true, Length: 0 }) throw FixtureFormatException.ForEmptyFile(name);
            byte[] bytes;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                long length = stream.Length;
                if (length > limits.MaxFileBytes) throw FixtureFormatException.ForFileTooLarge(name, length, limits.MaxFileBytes);
                bytes = new byte[length];
                stream.ReadExactly(bytes);
            }
            Fixture fixture = FixtureJson.Deserialize(name, bytes, limits);
            if (verifyName) FixtureName.Verify(name, fixture.Case, path);
            return new FixtureLoadResult(path, fixture, null);
        }
        catch (FixtureFormatException e)
        {
            return new FixtureLoadResult(path, null, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FixtureLoadResult(path, null, FixtureFormatException.ForUnreadableFile(name, e.Message));
        }
        catch (Exception e)
        {
            // Deserialize turns every problem into a FixtureFormatException; this net keeps one unforeseen exception
            // to its own file, so a folder always loads to the end.
            return new FixtureLoadResult(path, null, FixtureFormatException.ForUnexpected(name, e));
        }
    }
}
