using System.Globalization;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral sweep CONFIG --grid key=v1,v2 [--grid ...] [--seeds 1..4] [--jobs J] [--out DIR] [--episodes N] [--set k=v]... [--quiet]</c>:
/// the paper's protocol: every grid point x seed, area under the learning curve per point (mean over seeds), the best
/// point, sweep.json / sweep.csv and a report with every run's final return sorted (paper Fig. 4 A2).
/// </summary>
internal static class SweepCommand
{
    public const string Usage =
        "usage: distral sweep CONFIG --grid key=v1,v2,... [--grid key2=...]... [--seeds 1..4] [--jobs J] [--out DIR] [--episodes N] [--set key=value]... [--quiet]";

    /// <summary>Seeds when --seeds is not given.</summary>
    public const string DefaultSeeds = "1..4";

    private static readonly string[] Help =
    [
        Usage,
        "  CONFIG             the YAML configuration every grid point starts from",
        "  --grid key=v1,v2   a hyperparameter and its values (any config key but seed); repeat for more keys: all",
        "                     combinations run. List-valued keys separate values with ';' (hidden=32,32;64,64)",
        "  --seeds S          seeds per point: first..last, a list 1,2,3 or one seed (default 1..4)",
        "  --jobs J           runs trained at the same time (default: the number of logical cores)",
        "  --out DIR          output directory (must not exist or be empty); default runs/sweep-<time>",
        "  --episodes N       episodes per task (key 'episodes')",
        "  --set key=value    override a config key at every point; repeatable",
        "  --quiet            no progress (the table, the best point and the file paths are still printed)",
        "selection: the point with the largest area under the learning curve (sum of returns over tasks and episodes), mean over seeds",
        "writes DIR/<point>-<seed>/ run directories, DIR/sweep.json, DIR/sweep.csv, DIR/sweep-final-returns.svg and DIR/report.html",
    ];

    private static readonly string[] Flags = ["--quiet"];
    private static readonly string[] Valued = ["--grid", "--seeds", "--jobs", "--out", "--episodes", "--set"];

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = VerbArguments.Parse("sweep", Usage, args, Flags, Valued);
        if (a.Help)
        {
            foreach (string line in Help) stdout.WriteLine(line);
            return CommandLine.Ok;
        }
        if (a.Positionals.Count != 1) throw a.Error(a.Positionals.Count == 0 ? "no configuration file given" : $"expected one configuration file, got {a.Positionals.Count}");
        if (a.Values("--grid").Count == 0) throw a.Error("no --grid key=v1,v2,... given");
        var axes = a.Values("--grid").Select(SweepGrid.Parse).ToList();
        int points = SweepGrid.Points(axes).Count;
        var seeds = CompareRunner.ParseSeeds(a.Value("--seeds") ?? DefaultSeeds, "--seeds");
        int jobs = a.Int("--jobs", Environment.ProcessorCount);
        string configPath = a.Positionals[0];
        var config = CompareCommand.LoadConfig(configPath, a);
        string outDir = a.Value("--out") ?? Path.Combine("runs", "sweep-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        bool quiet = a.Has("--quiet");

        SweepResult result;
        using (var live = LiveProgress.StartOnTerminal(stdout, quiet, points * seeds.Count))
        {
            if (!quiet && live is null)
                stdout.WriteLine($"sweep: {points} grid point(s) x {seeds.Count} seed(s), {Math.Min(jobs, points * seeds.Count)} at a time, writing {outDir}");
            result = SweepRunner.Run(new SweepRequest
            {
                BaseConfig = config,
                Source = configPath,
                Axes = axes,
                Seeds = seeds,
                Jobs = jobs,
                OutputDirectory = outDir,
                Progress = quiet || live is not null ? null : stdout,
                ObserverFor = live is null ? null : (name, c) => live.Track(name, c),
            });
        }
        var ranked = result.Points.OrderByDescending(p => double.IsFinite(p.Auc) ? p.Auc : double.NegativeInfinity).ThenBy(p => p.Point.Index).ToList();
        TextTable.Write(stdout, ["rank", "point", "settings", "AUC (sum of returns)", $"return, last {ExperimentRunner.LastWindow}"],
            [.. ranked.Select((p, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture), p.Point.Name, p.Point.Description,
                CompareCommand.Stat(p.Auc, p.AucSd, p.Runs.Count, "F1"), CompareCommand.Stat(p.FinalReturn, double.NaN, 1, "F2")])]);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best: {result.Best.Point.Description} (AUC {result.Best.Auc:F1}, mean over {result.Best.Runs.Count} seed(s))"));
        stdout.WriteLine($"json: {result.JsonPath}");
        stdout.WriteLine($"csv: {result.CsvPath}");
        stdout.WriteLine($"final returns (paper Fig. 4 A2): {result.RankChartPath}");
        if (result.ReportPath is not null) stdout.WriteLine($"report: {result.ReportPath}");
        return CommandLine.Ok;
    }
}
