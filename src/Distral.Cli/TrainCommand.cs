using System.Globalization;
using System.Runtime.InteropServices;
using Distral.Agents;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral train [--config FILE] [--seed N] [--out DIR] [--episodes N] [--tasks a,b] [--set k=v]... [--quiet]</c>
/// (what it writes: docs/cli.md, "Run directory"). Without --config it runs the built-in two-room demo and its soft-Q baseline.
/// <c>distral train --resume DIR [--episodes N]</c> continues a run from its last checkpoint (docs/checkpoints.md).
/// Exit codes: 0 done, 2 user error, 130 interrupted by Ctrl-C (checkpoint written), 1 training diverged (NaN/Inf loss).
/// </summary>
internal static class TrainCommand
{
    public const string Usage =
        "usage: distral train [--config FILE] [--seed N] [--out DIR] [--episodes N] [--tasks a,b,...] [--teachers RUN_DIR] [--prior RUN_DIR] [--init-from RUN_DIR] [--set key=value]... [--quiet] [--keys] | train --resume DIR [--episodes N] [--quiet]";

    /// <summary>Exit code after Ctrl-C: 128 + SIGINT, as shells report it; a resumable checkpoint was written.</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code when training diverged (a NaN or infinite loss): the run failed, the input was valid.</summary>
    public const int TrainingFailed = 1;

    private static readonly string[] Help =
    [
        Usage,
        "  --config FILE     YAML run configuration (see docs/configuration.md); default: the built-in two-room demo",
        "  --seed N          seed of the run (key 'seed')",
        "  --out DIR         run directory (must not exist or be empty); default runs/<algorithm>-<seed>-<time>",
        "  --episodes N      episodes per task (key 'episodes')",
        "  --tasks a,b,...   task names, family ranges (two-room-random:0..4) or map files (key 'tasks')",
        "  --teachers DIR    finished soft-Q or actor-critic run whose task networks teach policy-distillation/actor-mimic (key 'teachers')",
        "  --prior DIR       finished Distral run whose pi_0 is the prior of these tasks (key 'prior_run'; frozen with --set prior_trainable=false)",
        "  --init-from DIR   finished run whose shared trunk initialises every column (key 'init_from'): a student, a Distral pi_0, multitask A3C",
        "  --set key=value   override any config key (lists as a,b,c); repeatable",
        "  --quiet           no progress lines (the summary path is still printed)",
        "  --keys            list every config key with its type and default, then exit",
        "  --keys-markdown   the key reference as markdown (docs/configuration.md), then exit",
        "  --resume DIR      continue the run in DIR from its last checkpoint up to --episodes per task (default: its own)",
        "writes config.yaml, metrics.csv, summary.json and checkpoints/ into the run directory; Ctrl-C/SIGTERM stops with a",
        "resumable checkpoint (exit 130); a NaN/Inf loss stops training (exit 1); see docs/checkpoints.md",
    ];

    /// <summary>
    /// Runs the verb; Ctrl-C (or SIGTERM, as schedulers and <c>docker stop</c> send) cancels training with a checkpoint,
    /// a second one ends the process at once.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter? stderr = null)
    {
        using var interrupt = new CancellationTokenSource();
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            if (interrupt.IsCancellationRequested) return;
            e.Cancel = true;
            interrupt.Cancel();
        }
        Console.CancelKeyPress += OnCancelKey;
        using var terminate = RegisterTerminate(interrupt);
        try
        {
            return Run(args, stdout, stderr ?? Console.Error, interrupt.Token, observer: null);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKey;
        }
    }

    private static PosixSignalRegistration? RegisterTerminate(CancellationTokenSource interrupt)
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                if (interrupt.IsCancellationRequested) return;
                context.Cancel = true;
                interrupt.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null; // Ctrl-C still works
        }
    }

    /// <summary>The verb with an explicit cancel token and an extra training observer (tests drive Ctrl-C this way).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel, ITrainingObserver? observer)
    {
        try
        {
            return Train(args, stdout, cancel, observer);
        }
        catch (RunInterruptedException e)
        {
            stderr.WriteLine("distral: " + e.Message);
            return Interrupted;
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine("distral: " + e.Message.ReplaceLineEndings(" "));
            return TrainingFailed;
        }
    }

    private static int Train(string[] args, TextWriter stdout, CancellationToken cancel, ITrainingObserver? observer)
    {
        string? configPath = null, outDir = null, resumeDir = null;
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
                case "--resume": resumeDir = Value(); break;
                case "--quiet": quiet = true; break;
                case "--set": sets.Add(Value()); break;
                case "--seed": shorthands.Add((arg, "seed", Value())); break;
                case "--episodes": shorthands.Add((arg, "episodes", Value())); break;
                case "--tasks": shorthands.Add((arg, "tasks", Value())); break;
                case "--teachers": shorthands.Add((arg, "teachers", Value())); break;
                case "--prior": shorthands.Add((arg, "prior_run", Value())); break;
                case "--init-from": shorthands.Add((arg, "init_from", Value())); break;
                default:
                    if (arg.StartsWith("--set=", StringComparison.Ordinal))
                    {
                        sets.Add(arg["--set=".Length..]);
                        break;
                    }
                    throw new UserErrorException($"train: unknown option '{args[i]}' ({Usage})");
            }
        }

        var progress = quiet ? null : stdout;
        // On a terminal each run draws a live table (LiveProgress) instead of progress lines; it ends before the summary prints.
        RunResult RunLive(RunRequest request)
        {
            using var live = LiveProgress.StartOnTerminal(stdout, quiet);
            return ExperimentRunner.Run(live is null ? request : live.Attach(request with { Progress = null }));
        }
        if (resumeDir is not null)
        {
            if (configPath is not null || outDir is not null || sets.Count > 0 || shorthands.Any(s => s.Key != "episodes"))
                throw new UserErrorException("train: --resume continues a run with its own config; only --episodes and --quiet may be given with it");
            var checkpoint = CheckpointStore.OpenLatest(resumeDir);
            var (_, _, episodes) = shorthands.LastOrDefault(s => s.Key == "episodes");
            int? target = episodes is null ? null : (int)(long)ConfigKeys.Get("episodes", "--episodes").Parse(episodes, $"--episodes {episodes}");
            var resumed = RunLive(new RunRequest
            {
                Config = ExperimentRunner.ResumeConfig(checkpoint, target),
                OutputDirectory = resumeDir,
                Progress = progress,
                ConfigSource = checkpoint.PathOf(RunDirectory.CheckpointManifestFileName),
                ResumeFrom = checkpoint,
                Cancel = cancel,
                Observer = observer,
            });
            WriteSummary(stdout, resumed);
            stdout.WriteLine($"summary: {resumed.SummaryPath}");
            string resumedReport = Path.Combine(resumed.Directory, HtmlReport.FileName);
            if (File.Exists(resumedReport)) stdout.WriteLine($"report: {resumedReport}");
            return CommandLine.Ok;
        }

        string source = configPath ?? DemoExperiment.Source;
        var config = configPath is null ? DemoExperiment.Config : ConfigLoader.Load(configPath);
        config = ConfigLoader.ApplyOverrides(config, sets);
        foreach (var (option, key, value) in shorthands)
            config = config.With(key, ConfigKeys.Get(key, option).Parse(value, $"{option} {value}"));

        var request = new RunRequest
        {
            Config = config, OutputDirectory = outDir, Progress = progress, ConfigSource = source, Cancel = cancel, Observer = observer,
        };
        RunResult result;
        if (configPath is null)
        {
            var demo = DemoExperiment.Run(request, RunLive, run => WriteSummary(stdout, run));
            result = demo.Main;
            if (demo.Baseline is { } baseline) WriteComparison(stdout, result.Summary, baseline.Summary);
        }
        else
        {
            result = RunLive(request);
            WriteSummary(stdout, result);
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
        double a = DemoResult.MeanDuration(distral);
        double b = DemoResult.MeanDuration(baseline);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean episode duration over all episodes and tasks: {distral.Algorithm} {a:F1} vs {baseline.Algorithm} {b:F1} (lower is better)"));
    }

    private static void WriteKeys(TextWriter stdout)
    {
        int width = ConfigKeys.All.Max(k => k.Name.Length);
        foreach (var k in ConfigKeys.All)
            stdout.WriteLine($"{k.Name.PadRight(width)}  {k.TypeName,-12}  {k.DefaultText(v => v)}");
    }
}
