using System.Globalization;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral compare CONFIG... [--seeds 1..5] [--jobs J] [--out DIR] [--episodes N] [--set k=v]... [--quiet]</c>:
/// every configuration x seed trained in parallel into DIR/&lt;config&gt;-&lt;seed&gt;, one combined report, and a
/// table of each configuration's mean and spread over seeds.
/// </summary>
internal static class CompareCommand
{
    public const string Usage = "usage: distral compare CONFIG... [--seeds 1..5] [--jobs J] [--out DIR] [--episodes N] [--set key=value]... [--quiet]";

    /// <summary>Seeds when --seeds is not given.</summary>
    public const string DefaultSeeds = "1..5";

    private static readonly string[] Help =
    [
        Usage,
        "  CONFIG...        YAML run configurations (e.g. configs/thesis/*.yaml); each is named by its file name",
        "  --seeds S        seeds: first..last, a list 1,2,3 or one seed (default 1..5)",
        "  --jobs J         runs trained at the same time (default: the number of logical cores)",
        "  --out DIR        output directory (must not exist or be empty); default runs/compare-<time>",
        "  --episodes N     episodes per task for every configuration (key 'episodes')",
        "  --set key=value  override a config key in every configuration; repeatable",
        "  --quiet          no progress (the table and the report path are still printed)",
        "writes DIR/<config>-<seed>/ (each a full run directory), DIR/compare.json and DIR/report.html (curves averaged over seeds)",
    ];

    private static readonly string[] Flags = ["--quiet"];
    private static readonly string[] Valued = ["--seeds", "--jobs", "--out", "--episodes", "--set"];

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = VerbArguments.Parse("compare", Usage, args, Flags, Valued);
        if (a.Help)
        {
            foreach (string line in Help) stdout.WriteLine(line);
            return CommandLine.Ok;
        }
        if (a.Positionals.Count == 0) throw a.Error("no configuration files given");
        var seeds = CompareRunner.ParseSeeds(a.Value("--seeds") ?? DefaultSeeds, "--seeds");
        int jobs = a.Int("--jobs", Environment.ProcessorCount);
        var names = UniqueNames(a.Positionals);
        var entries = a.Positionals.Select((path, i) => new CompareEntry(names[i], LoadConfig(path, a), path)).ToList();
        string outDir = a.Value("--out") ?? Path.Combine("runs", "compare-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        bool quiet = a.Has("--quiet");

        CompareResult result;
        using (var live = LiveProgress.StartOnTerminal(stdout, quiet, entries.Count * seeds.Count))
        {
            if (!quiet && live is null)
                stdout.WriteLine($"compare: {entries.Count} configuration(s) x {seeds.Count} seed(s), {Math.Min(jobs, entries.Count * seeds.Count)} at a time, writing {outDir}");
            result = CompareRunner.Run(new CompareRequest
            {
                Entries = entries,
                Seeds = seeds,
                Jobs = jobs,
                OutputDirectory = outDir,
                Progress = quiet || live is not null ? null : stdout,
                ObserverFor = live is null ? null : (name, config) => live.Track(name, config),
                ReportTitle = "Distral.NET comparison: " + string.Join(" vs ", entries.Select(e => e.Name)),
            });
        }
        TextTable.Write(stdout, ["config", "algorithm", "seeds", $"steps, last {ExperimentRunner.LastWindow}", "AUC (sum of returns)", $"return, last {ExperimentRunner.LastWindow}"],
            [.. result.Rows.Select(r => (IReadOnlyList<string>)[
                r.Name, r.Algorithm, r.Seeds.ToString(CultureInfo.InvariantCulture), Stat(r.DurationLast50, r.DurationLast50Sd, r.Seeds, "F1"),
                Stat(r.Auc, r.AucSd, r.Seeds, "F1"), Stat(r.FinalReturn, r.FinalReturnSd, r.Seeds, "F2")])]);
        stdout.WriteLine("mean ± standard deviation over seeds; steps per episode: lower is better; AUC and return: higher is better");
        stdout.WriteLine($"json: {result.JsonPath}");
        if (result.ReportPath is not null) stdout.WriteLine($"report: {result.ReportPath}");
        return CommandLine.Ok;
    }

    /// <summary>A config file with the verb's --episodes and --set applied (shared with sweep).</summary>
    internal static RunConfig LoadConfig(string path, VerbArguments a)
    {
        var config = ConfigLoader.ApplyOverrides(ConfigLoader.Load(path), a.Values("--set"));
        if (a.Value("--episodes") is string episodes)
            config = config.With("episodes", ConfigKeys.Get("episodes", "--episodes").Parse(episodes, $"--episodes {episodes}"));
        return config;
    }

    /// <summary>Mean ± sd (just the mean for one seed; "-" when unknown).</summary>
    internal static string Stat(double mean, double sd, int n, string format)
    {
        if (!double.IsFinite(mean)) return "-";
        string m = mean.ToString(format, CultureInfo.InvariantCulture);
        return n > 1 && double.IsFinite(sd) ? m + " ± " + sd.ToString(format, CultureInfo.InvariantCulture) : m;
    }

    // File names without extension; a repeated name gets -2, -3... so every run directory is distinct.
    private static List<string> UniqueNames(IReadOnlyList<string> paths)
    {
        var names = new List<string>();
        foreach (string path in paths)
        {
            string baseName = CompareRunner.SafeName(Path.GetFileNameWithoutExtension(path));
            string name = baseName;
            for (int k = 2; names.Contains(name); k++) name = baseName + "-" + k.ToString(CultureInfo.InvariantCulture);
            names.Add(name);
        }
        return names;
    }
}
