using System.Text.RegularExpressions;
using Harness.Cases;

namespace Harness.Fixtures;

/// <summary>
/// A fixture's name vouches for its case: <c>&lt;op&gt;-&lt;pass&gt;-&lt;dtype&gt;-&lt;hash&gt;[-N].json</c>, the hash
/// being <see cref="CaseHash.Short"/> of the case in the file. The loader checks it, so a case edited by hand (or in
/// a pull request) no longer replays as if it were the case that failed; the message prints the command that renames
/// the file when the edit was intended.
/// </summary>
public static partial class FixtureName
{
    /// <param name="path">The file as messages and the rename command name it.</param>
    /// <param name="c">The case read from it.</param>
    /// <param name="actualPath">The file itself, when <paramref name="path"/> is a relative spelling of it (decides
    /// whether it lies in a git work tree); default <paramref name="path"/>.</param>
    /// <exception cref="FixtureFormatException">The name carries another hash than the case's, or no hash at all.</exception>
    public static void Verify(string path, Case c, string? actualPath = null)
    {
        string name = Path.GetFileName(path);
        string expected = FixtureStore.FileName(c);
        Match m = Pattern().Match(name);
        if (m.Success && m.Groups["stem"].Value + ".json" == expected) return;
        string command = RenameCommand(path, expected, actualPath);
        if (m.Success)
        {
            throw FixtureFormatException.ForEditedCase(path, m.Groups["hash"].Value, CaseHash.Short(c), command);
        }
        throw FixtureFormatException.ForMisnamedFile(path, expected, command);
    }

    /// <summary>`git mv OLD NEW` when <paramref name="path"/> lies in a git work tree, else `mv OLD NEW`; NEW is
    /// <paramref name="newName"/> in the same folder, spelled as <paramref name="path"/> spells its folder.</summary>
    public static string RenameCommand(string path, string newName, string? actualPath = null)
    {
        string target = Path.Combine(Path.GetDirectoryName(path) ?? "", newName);
        string tool = GitRoot(Path.GetDirectoryName(Path.GetFullPath(actualPath ?? path))) is null ? "mv" : "git mv";
        return $"{tool} {Quote(path)} {Quote(target)}";
    }

    /// <summary>The nearest folder at or above <paramref name="folder"/> holding <c>.git</c> (a folder, or a file in
    /// a worktree); null when there is none.</summary>
    public static string? GitRoot(string? folder)
    {
        for (DirectoryInfo? dir = folder is null ? null : new(folder); dir is not null; dir = dir.Parent)
        {
            string git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git)) return dir.FullName;
        }
        return null;
    }

    private static string Quote(string path) =>
        SafeForShell().IsMatch(path) ? path : "'" + path.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"^(?<stem>[a-z_]+-[a-z]+-[a-z0-9]+-(?<hash>[0-9a-f]{16}))(-([2-9]|[1-9][0-9]+))?\.json$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^[A-Za-z0-9_./+=,:@%-]+$")]
    private static partial Regex SafeForShell();
}
