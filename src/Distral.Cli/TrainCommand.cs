using System.Globalization;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral train [--config FILE] [--seed N] [--out DIR] [--episodes N] [--tasks a,b] [--set k=v]... [--quiet]</c>
/// (cli-contract.md). Without --config it runs the built-in two-room demo and its soft-Q baseline.
/// </summary>
internal static class TrainCommand
{
    public const string Usage =
        "usage: distral train [--config FILE] [--seed N] [--out DIR] [--episodes N] [--tasks a,b,...] [--set key=value]... [--quiet] [--keys]";

    private static readonly string[] Help =
    [
        Usage,
        "  --config FILE     YAML run configuration (see docs/configuration.md); default: the built-in two-room demo",
        "  --seed N          seed of the run (key 'seed')",
        "  --out DIR         run directory (must not exist or be empty); default runs/<algorithm>-<seed>-<time>",
        "  --episodes N      episodes per task (key 'episodes')",
        "  --tasks a,b,...   task names, family ranges (two-room-random:0..4) or map files (key 'tasks')",
        "  --set key=value   override any config key (lists as a,b,c); repeatable",
        "  --quiet           no progress lines (the summary path is still printed)",
        "  --keys            list every config key with its type and default, then exit",
        "  --keys-markdown   the key reference as markdown (docs/configuration.md), then exit",
        "writes config.yaml, metrics.csv, summary.json and checkpoints/final/*.safetensors into the run directory",
    ];

    public static int Run(string[] args, TextWriter stdout)
    {
        string? configPath = null, outDir = null;
        bool quiet = false;
        var sets = new List<string>();
        var shorthands = new List<(string Option, string Key, string Value)>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? inline = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 && arg[..eq] != "--set")
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value() => inline ?? (i + 1 < args.Length ? args[++i] : throw new UserErrorException($"train: {arg} needs a value ({Usage})"));
            switch (arg)
            {
                case "-h" or "--help":
                    foreach (string line in Help) stdout.WriteLine(line);
                    return CommandLine.Ok;
                case "--keys":
                    WriteKeys(stdout);
                    return CommandLine.Ok;
                case "--keys-markdown":
                    stdout.Write(ConfigKeys.ToMarkdown());
                    return CommandLine.Ok;
                case "--config": configPath = Value(); break;
                case "--out": outDir = Value(); break;
                case "--quiet": quiet = true; break;
                case "--set": sets.Add(Value()); break;
                case "--seed": shorthands.Add((arg, "seed", Value())); break;
                case "--episodes": shorthands.Add((arg, "episodes", Value())); break;
                case "--tasks": shorthands.Add((arg, "tasks", Value())); break;
                default:
                    if (arg.StartsWith("--set=", StringComparison.Ordinal))
                    {
                        sets.Add(arg["--set=".Length..]);
                        break;
                    }
                    throw new UserErrorException($"train: unknown option '{args[i]}' ({Usage})");
            }
        }

        string source = configPath ?? DemoExperiment.Source;
        var config = configPath is null ? DemoExperiment.Config : ConfigLoader.Load(configPath);
        config = ConfigLoader.ApplyOverrides(config, sets);
        foreach (var (option, key, value) in shorthands)
            config = config.With(key, ConfigKeys.Get(key, option).Parse(value, $"{option} {value}"));

        var progress = quiet ? null : stdout;
        var result = ExperimentRunner.Run(new RunRequest { Config = config, OutputDirectory = outDir, Progress = progress, ConfigSource = source });
        WriteSummary(stdout, result);
        if (configPath is null && config.Algorithm != DemoExperiment.BaselineAlgorithm)
        {
            var baseline = ExperimentRunner.Run(new RunRequest
            {
                Config = config.With("algorithm", DemoExperiment.BaselineAlgorithm),
                OutputDirectory = Path.Combine(result.Directory, DemoExperiment.BaselineDirectory),
                Progress = progress,
                ConfigSource = source,
            });
            WriteSummary(stdout, baseline);
            WriteComparison(stdout, result.Summary, baseline.Summary);
            // The runner wrote the report before the baseline existed; render both runs side by side.
            HtmlReport.Write([result.Directory, baseline.Directory], Path.Combine(result.Directory, HtmlReport.FileName));
        }
        stdout.WriteLine($"summary: {result.SummaryPath}");
        string report = Path.Combine(result.Directory, HtmlReport.FileName);
        if (File.Exists(report)) stdout.WriteLine($"report: {report}");
        return CommandLine.Ok;
    }

    private static void WriteSummary(TextWriter stdout, RunResult result)
    {
        var s = result.Summary;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Algorithm} seed {s.Seed}: {s.EnvSteps} env steps in {s.WallSeconds:F1} s ({s.StepsPerSecond:F0} steps/s)"));
        foreach (var t in s.Tasks)
        {
            string optimum = t.ShortestPath is int sp ? $" (shortest {sp})" : "";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {t.Name}: mean duration last {ExperimentRunner.LastWindow} {t.MeanDurationLast50:F1}, all {t.MeanDurationAll:F1}; greedy {t.GreedySteps} steps{optimum}"));
        }
        if (s.Pi0Corridor is { } c)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pi_0 in the corridor: P(continue) {c.PContinue:F2}, P(up or down) {c.PVertical:F2}"));
    }

    private static void WriteComparison(TextWriter stdout, RunSummary distral, RunSummary baseline)
    {
        double a = distral.Tasks.Average(t => t.MeanDurationAll);
        double b = baseline.Tasks.Average(t => t.MeanDurationAll);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean episode duration over all episodes and tasks: {distral.Algorithm} {a:F1} vs {baseline.Algorithm} {b:F1} (lower is better)"));
    }

    private static void WriteKeys(TextWriter stdout)
    {
        int width = ConfigKeys.All.Max(k => k.Name.Length);
        foreach (var k in ConfigKeys.All)
            stdout.WriteLine($"{k.Name.PadRight(width)}  {k.TypeName,-12}  {k.FormatScalar(k.Default).Replace("\"", "", StringComparison.Ordinal)}");
    }
}
