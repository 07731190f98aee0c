using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral report DIR [DIR...] [--out FILE]</c>: renders the self-contained HTML report (report.html plus
/// report-*.svg beside it) from finished run directories (summary.json, metrics.csv, config.yaml; any run below
/// each DIR is included, so a demo run brings its baseline along).
/// </summary>
internal static class ReportCommand
{
    public const string Usage = "usage: distral report DIR [DIR...] [--out FILE] [--title TEXT]";

    private static readonly string[] Help =
    [
        Usage,
        "  DIR            a run directory, or a folder with run directories below it (every summary.json found is a run)",
        "  --out FILE     the HTML file; default DIR/report.html for one DIR, ./report.html for several",
        "  --title TEXT   the page title",
        "runs that differ only in the seed are averaged (mean ± sd band); the SVG charts are written beside the HTML",
    ];

    public static int Run(string[] args, TextWriter stdout)
    {
        var roots = new List<string>();
        string? outFile = null, title = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UserErrorException($"report: {args[i]} needs a value ({Usage})");
            switch (args[i])
            {
                case "-h" or "--help":
                    foreach (string line in Help) stdout.WriteLine(line);
                    return CommandLine.Ok;
                case "--out": outFile = Value(); break;
                case "--title": title = Value(); break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal)) throw new UserErrorException($"report: unknown option '{args[i]}' ({Usage})");
                    roots.Add(args[i]);
                    break;
            }
        }
        if (roots.Count == 0) throw new UserErrorException($"report: no run directories given ({Usage})");
        var runs = new List<string>();
        foreach (string root in roots)
        {
            var found = ResultsTable.FindRuns(root);
            if (found.Count == 0) throw new UserErrorException($"report: {root}: no summary.json found (not a finished run directory)");
            runs.AddRange(found.Where(f => !runs.Contains(f)));
        }
        outFile ??= roots.Count == 1 ? Path.Combine(roots[0], HtmlReport.FileName) : HtmlReport.FileName;
        var options = title is null ? new HtmlReportOptions() : new HtmlReportOptions { Title = title };
        var written = HtmlReport.Write(runs, outFile, options);
        stdout.WriteLine($"wrote {outFile} ({runs.Count} run(s), {written.Count - 1} SVG file(s) beside it)");
        return CommandLine.Ok;
    }
}
