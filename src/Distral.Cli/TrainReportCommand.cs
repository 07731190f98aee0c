using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// Hidden verb <c>distral report-table DIR... [--title T] [--out FILE]</c>: aggregates the runs found below the
/// directories (summary.json + metrics.csv) into markdown tables over seeds (used by scripts/thesis-results.sh).
/// </summary>
internal static class TrainReportCommand
{
    public const string Usage = "usage: distral report-table DIR... [--title TITLE] [--out FILE]";

    public static int Run(string[] args, TextWriter stdout)
    {
        var roots = new List<string>();
        string title = "Results";
        string? outFile = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    stdout.WriteLine(Usage);
                    return CommandLine.Ok;
                case "--title":
                    title = i + 1 < args.Length ? args[++i] : throw new UserErrorException($"report-table: --title needs a value ({Usage})");
                    break;
                case "--out":
                    outFile = i + 1 < args.Length ? args[++i] : throw new UserErrorException($"report-table: --out needs a value ({Usage})");
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal)) throw new UserErrorException($"report-table: unknown option '{args[i]}' ({Usage})");
                    roots.Add(args[i]);
                    break;
            }
        }
        if (roots.Count == 0) throw new UserErrorException($"report-table: no run directories given ({Usage})");
        string markdown = ResultsTable.Build(roots.SelectMany(ResultsTable.FindRuns), title);
        if (outFile is null)
        {
            stdout.Write(markdown);
        }
        else
        {
            File.WriteAllText(outFile, markdown);
            stdout.WriteLine($"wrote {outFile}");
        }
        return CommandLine.Ok;
    }
}
