using Spectre.Console;

namespace Distral.Cli;

/// <summary>
/// A results table on stdout: a Spectre.Console table on an interactive terminal, plain aligned columns otherwise
/// (pipes, CI, tests), so that output stays easy to read and to parse.
/// </summary>
internal static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="headers"/>; the first column is left-aligned, the others right-aligned.</summary>
    public static void Write(TextWriter stdout, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (LiveProgress.IsTerminal(stdout))
        {
            var table = new Table().Border(TableBorder.Rounded);
            for (int c = 0; c < headers.Count; c++)
            {
                var column = new TableColumn(Markup.Escape(headers[c]));
                table.AddColumn(c == 0 ? column : column.RightAligned());
            }
            foreach (var row in rows) table.AddRow([.. row.Select(cell => new Text(cell))]);
            AnsiConsole.Write(table);
            return;
        }
        stdout.Write(Plain(headers, rows));
    }

    /// <summary>The plain form: columns padded to their widest cell, two spaces apart, one line per row.</summary>
    public static string Plain(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, c) => Math.Max(h.Length, rows.Select(r => c < r.Count ? r[c].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        var sb = new System.Text.StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            for (int c = 0; c < widths.Length; c++)
            {
                string cell = c < cells.Count ? cells[c] : "";
                if (c > 0) sb.Append("  ");
                sb.Append(c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            }
            sb.Append('\n');
        }
        Line(headers);
        foreach (var row in rows) Line(row);
        return sb.ToString();
    }
}
