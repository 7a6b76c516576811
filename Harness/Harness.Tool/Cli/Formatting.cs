using System.Globalization;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>Number formats for tables: short, invariant, and stable so that sample output in docs stays true.</summary>
internal static class Formatting
{
    public static string Error(double v) => v switch
    {
        double.NaN => "-",
        double.PositiveInfinity => "inf",
        0 => "0",
        _ => v.ToString(v >= 0.01 && v < 1e5 ? "0.###" : "0.0e+0", CultureInfo.InvariantCulture),
    };

    public static string Ulps(double v) => v switch
    {
        double.NaN => "-",
        double.PositiveInfinity => "inf",
        < 1e6 => v.ToString("0", CultureInfo.InvariantCulture),
        _ => v.ToString("0.0e+0", CultureInfo.InvariantCulture),
    };

    public static string Rate(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (100 * share).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Pads columns to a common width: the plain table for redirected output and Markdown-free logs.</summary>
    public static IEnumerable<string> Align(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, ISet<int> rightAligned)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ",
            cells.Select((c, i) => rightAligned.Contains(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        yield return Line(header);
        yield return string.Join("  ", widths.Select(w => new string('-', w)));
        foreach (var row in rows) yield return Line(row);
    }

    /// <summary>A table on the terminal: <see cref="Align"/>'s plain lines when output is redirected, else a rounded
    /// Spectre table, each row in <paramref name="rowColor"/>'s colour (none by default).</summary>
    public static void WriteTable(Terminal terminal, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, ISet<int> rightAligned,
        Func<int, Color?>? rowColor = null)
    {
        if (!terminal.Interactive)
        {
            foreach (string line in Align(header, rows, rightAligned)) terminal.Out.WriteLine(line);
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        for (int i = 0; i < header.Count; i++)
        {
            var column = new TableColumn(header[i]);
            if (rightAligned.Contains(i)) column.RightAligned();
            table.AddColumn(column);
        }
        for (int r = 0; r < rows.Count; r++)
        {
            var style = new Style(rowColor?.Invoke(r));
            table.AddRow(rows[r].Select(c => new Text(c, style)).ToArray());
        }
        AnsiConsole.Write(table);
    }
}
