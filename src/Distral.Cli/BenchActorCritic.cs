using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Distral.Agents;
using Distral.Agents.ActorCritic;
using Distral.Envs;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>What one timed window of an actor-critic agent did and how long it took.</summary>
internal readonly record struct BenchActorCriticRun(
    string Mode, int Threads, int Repeat, double Seconds, long EnvSteps, long Updates, double CpuSeconds, long AllocatedBytes,
    int Gen0Collections)
{
    /// <summary>The configuration's label: async-1, async-2 or sync.</summary>
    public string Label => Mode == "sync" ? "sync" : $"async-{Threads}";

    public double StepsPerSecond => EnvSteps / Seconds;

    public double StepsPerCpuSecond => EnvSteps / Math.Max(CpuSeconds, 1e-9);

    /// <summary>Whole-process managed allocation per update (async: one learner's unroll; sync: every copy's).</summary>
    public double AllocatedBytesPerUpdate => Updates == 0 ? 0 : (double)AllocatedBytes / Updates;
}

/// <summary>
/// <c>distral bench --ac</c>: throughput of the actor-critic agent (<see cref="ActorCriticDistral"/>) on plans 4-8 with the
/// settings of configs/ac/ALG.yaml, in async (A3C) mode with 1 and with 2 worker threads and in sync mode, in interleaved
/// repeats; reports env steps per second (wall and CPU), allocation per update and the 2-thread / 1-thread ratio.
/// Every run is a fresh agent (same seed), so all runs measure the same stage of learning: an untimed warm-up window,
/// then a timed window of <c>--seconds</c> ended by cancelling <c>Train</c> (which returns between updates).
/// </summary>
internal static class BenchActorCritic
{
    public const string Usage =
        "usage: distral bench --ac [--json] [--seconds S] [--repeats N] [--warmup S] [--algorithm NAME] [--seed N]";

    private static readonly string[] Help =
    [
        Usage,
        "  actor-critic throughput on plans 4-8 (configs/ac settings: 16 env copies per task, unroll 10, MLP 64-128-64):",
        "  async (A3C) with 1 and with 2 worker threads, then sync, in interleaved repeats",
        "  --seconds S       timed seconds per run (default 3)",
        "  --repeats N       runs of each configuration (default 3); ratios use the best and the median runs",
        "  --warmup S        untimed seconds before each timed window (default 0.5)",
        "  --algorithm NAME  a3c, a3c-multitask, a3c-2col, kl-1col, kl-ent-1col, kl-2col (default), kl-ent-2col",
        "  --seed N          agent seed (default 1)",
        "  --json            one JSON object on stdout",
    ];

    /// <summary>The tasks of configs/ac/*.yaml.</summary>
    private static readonly int[] Plans = [4, 5, 6, 7, 8];

    /// <summary>The configs' time limit per episode.</summary>
    private const int MaxEpisodeSteps = 1000;

    private static readonly (string Mode, int Threads)[] Configurations = [("async", 1), ("async", 2), ("sync", 1)];

    private sealed record Settings(bool Json, double Seconds, int Repeats, double Warmup, string Algorithm, ulong Seed);

    public static int Run(string[] args, TextWriter stdout)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            foreach (string line in Help) stdout.WriteLine(line);
            return CommandLine.Ok;
        }
        var settings = Parse(args);
        double[]? loadBefore = LoadAverage();
        var runs = Measure(settings);
        double[]? loadAfter = LoadAverage();
        if (settings.Json) stdout.WriteLine(Json(settings, runs, loadBefore, loadAfter));
        else WriteText(settings, runs, loadBefore, loadAfter, stdout);
        return CommandLine.Ok;
    }

    private static Settings Parse(string[] args)
    {
        bool json = false;
        double seconds = 3, warmup = 0.5;
        int repeats = 3;
        string algorithm = "kl-2col";
        ulong seed = 1;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--ac": break;
                case "--json": json = true; break;
                case "--seconds": seconds = PositiveSeconds(arg, Value(args, ref i)); break;
                case "--warmup": warmup = PositiveSeconds(arg, Value(args, ref i)); break;
                case "--repeats":
                    string r = Value(args, ref i);
                    if (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out repeats) || repeats < 1)
                        throw new UserErrorException($"bench --ac: --repeats must be a positive integer, got '{r}'");
                    break;
                case "--algorithm":
                    algorithm = Value(args, ref i);
                    if (ActorCriticOptions.Preset(algorithm) is null)
                        throw new UserErrorException(
                            $"bench --ac: unknown algorithm '{algorithm}' (one of {string.Join(", ", ActorCriticOptions.Presets.Select(p => p.Name))})");
                    break;
                case "--seed":
                    string s = Value(args, ref i);
                    if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                        throw new UserErrorException($"bench --ac: --seed must be a non-negative integer, got '{s}'");
                    break;
                default: throw new UserErrorException($"bench --ac: unknown option '{arg}' ({Usage})");
            }
        }
        return new Settings(json, seconds, repeats, warmup, algorithm, seed);
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new UserErrorException($"bench --ac: {args[i]} needs a value ({Usage})");
        return args[++i];
    }

    private static double PositiveSeconds(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v <= 3600
            ? v
            : throw new UserErrorException($"bench --ac: {option} must be a number of seconds in (0, 3600], got '{text}'");

    // ------------------------------------------------------------------ the agent

    /// <summary>
    /// The actor-critic keys of configs/ac/*.yaml (the bench must run where the repository is not, so they are repeated
    /// here; a test compares them with the committed files).
    /// </summary>
    private const string CommittedSettings = """
        gamma: 0.99
        hidden: [64, 128, 64]
        ac_beta: 5
        ac_kl_ent_alpha: 0.5
        unroll: 10
        workers_per_task: 16
        ac_lr_task: 0.0005
        ac_lr_distilled: 0.0001
        value_loss_coef: 0.5
        rmsprop_decay: 0.99
        rmsprop_eps: 0.00001
        grad_clip_norm: 40
        regulariser: per-state
        """;

    private static readonly RunConfig CommittedConfig = ConfigLoader.Parse(CommittedSettings, "configs/ac settings");

    /// <summary>The options of configs/ac/<paramref name="algorithm"/>.yaml in the given execution mode.</summary>
    internal static ActorCriticOptions Options(string algorithm, ActorCriticWorkersMode mode, int threads)
    {
        var preset = ActorCriticOptions.Preset(algorithm) ?? throw new ArgumentException($"Unknown algorithm '{algorithm}'.", nameof(algorithm));
        return ActorCriticAgents.Options(preset, CommittedConfig) with { WorkersMode = mode, Threads = threads };
    }

    /// <summary>A fresh agent on plans 4-8, every env copy with its own seed and the configs' time limit.</summary>
    internal static ActorCriticDistral CreateAgent(ActorCriticOptions options, ulong seed)
    {
        var envs = new List<IReadOnlyList<IEnv>>();
        for (int i = 0; i < Plans.Length; i++)
        {
            var copies = new IEnv[options.WorkersPerTask];
            for (int w = 0; w < copies.Length; w++)
                copies[w] = new TimeLimit(TaskRegistry.Default.Make($"plan{Plans[i]}", unchecked((int)seed * 7919 + 100 * i + w)), MaxEpisodeSteps);
            envs.Add(copies);
        }
        return new ActorCriticDistral(envs, options, seed);
    }

    private static List<BenchActorCriticRun> Measure(Settings settings)
    {
        // A throwaway run of each configuration first, so the timed agents run JIT-optimised code.
        foreach (var (mode, threads) in Configurations)
            Window(CreateAgent(Options(settings.Algorithm, ModeOf(mode), threads), settings.Seed + 1000), settings.Warmup);
        var runs = new List<BenchActorCriticRun>();
        for (int repeat = 0; repeat < settings.Repeats; repeat++)
        {
            // Rotate the order each repeat so no configuration always follows the same one (load drifts, caches).
            for (int c = 0; c < Configurations.Length; c++)
            {
                var (mode, threads) = Configurations[(c + repeat) % Configurations.Length];
                var agent = CreateAgent(Options(settings.Algorithm, ModeOf(mode), threads), settings.Seed);
                Window(agent, settings.Warmup);
                var w = Window(agent, settings.Seconds);
                runs.Add(new BenchActorCriticRun(mode, threads, repeat, w.Seconds, w.EnvSteps, w.Updates, w.CpuSeconds, w.AllocatedBytes, w.Gen0));
            }
        }
        return runs;
    }

    private static ActorCriticWorkersMode ModeOf(string mode) => mode == "sync" ? ActorCriticWorkersMode.Sync : ActorCriticWorkersMode.Async;

    private readonly record struct WindowResult(double Seconds, long EnvSteps, long Updates, double CpuSeconds, long AllocatedBytes, int Gen0);

    /// <summary>Trains for about <paramref name="seconds"/> (cancelled then; Train returns between updates) and meters it.</summary>
    private static WindowResult Window(ActorCriticDistral agent, double seconds)
    {
        using var cancel = new CancellationTokenSource();
        long steps0 = agent.EnvSteps, updates0 = agent.Updates;
        int gen0 = GC.CollectionCount(0);
        long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var cpu0 = Environment.CpuUsage.TotalTime;
        long t0 = Stopwatch.GetTimestamp();
        cancel.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            agent.Train(int.MaxValue, NullTrainingObserver.Instance, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // expected: the window is over
        }
        double elapsed = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var cpu = Environment.CpuUsage.TotalTime - cpu0;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        return new WindowResult(elapsed, agent.EnvSteps - steps0, agent.Updates - updates0, cpu.TotalSeconds, allocated,
            GC.CollectionCount(0) - gen0);
    }

    /// <summary>1, 5 and 15-minute load averages (Linux), or null.</summary>
    private static double[]? LoadAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return null;
            string[] parts = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return [.. parts.Take(3).Select(p => double.Parse(p, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // ------------------------------------------------------------------ figures

    /// <summary>Best and median env steps per second of one configuration, and its median per CPU second.</summary>
    internal readonly record struct Summary(string Label, int Runs, double BestStepsPerSecond, double MedianStepsPerSecond,
        double MedianStepsPerCpuSecond, double MedianAllocatedBytesPerUpdate);

    internal static Summary Summarise(string label, IReadOnlyList<BenchActorCriticRun> runs)
    {
        var mine = runs.Where(r => r.Label == label).ToList();
        return new Summary(label, mine.Count, mine.Max(r => r.StepsPerSecond), Median(mine.Select(r => r.StepsPerSecond)),
            Median(mine.Select(r => r.StepsPerCpuSecond)), Median(mine.Select(r => r.AllocatedBytesPerUpdate)));
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static void WriteText(Settings settings, List<BenchActorCriticRun> runs, double[]? loadBefore, double[]? loadAfter, TextWriter stdout)
    {
        var c = CultureInfo.InvariantCulture;
        var options = Options(settings.Algorithm, ActorCriticWorkersMode.Async, 1);
        stdout.WriteLine(string.Create(c,
            $"Actor-critic {settings.Algorithm}, plans 4-8, {options.WorkersPerTask} env copies per task, unroll {options.UnrollLength}, {settings.Repeats} x {settings.Seconds:F1} s per configuration"));
        stdout.WriteLine($"  load average before {FormatLoad(loadBefore)}, after {FormatLoad(loadAfter)} ({Environment.ProcessorCount} cores)");
        stdout.WriteLine("  run  configuration  seconds  env steps  updates  env steps/s  per CPU s  bytes/update  gen0 GCs");
        foreach (var r in runs)
            stdout.WriteLine(string.Create(c,
                $"  {r.Repeat,3}  {r.Label,-13}  {r.Seconds,7:F2}  {r.EnvSteps,9}  {r.Updates,7}  {r.StepsPerSecond,11:F0}  {r.StepsPerCpuSecond,9:F0}  {r.AllocatedBytesPerUpdate,12:F1}  {r.Gen0Collections,8}"));
        var one = Summarise("async-1", runs);
        var two = Summarise("async-2", runs);
        var sync = Summarise("sync", runs);
        foreach (var s in new[] { one, two, sync })
            stdout.WriteLine(string.Create(c,
                $"  {s.Label,-8} best {s.BestStepsPerSecond,9:F0} env steps/s, median {s.MedianStepsPerSecond,9:F0}, median per CPU s {s.MedianStepsPerCpuSecond,9:F0}"));
        stdout.WriteLine(string.Create(c,
            $"  ratio 2 threads / 1 thread: {two.BestStepsPerSecond / one.BestStepsPerSecond:F2} (best vs best), {two.MedianStepsPerSecond / one.MedianStepsPerSecond:F2} (median vs median)"));
    }

    private static string FormatLoad(double[]? load) =>
        load is null ? "unknown" : string.Join(" / ", load.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));

    private static string Json(Settings settings, List<BenchActorCriticRun> runs, double[]? loadBefore, double[]? loadAfter)
    {
        var options = Options(settings.Algorithm, ActorCriticWorkersMode.Async, 1);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("implementation", "distral.net");
            w.WriteString("benchmark", "actor-critic");
            w.WriteString("algorithm", settings.Algorithm);
            w.WriteNumber("tasks", Plans.Length);
            w.WriteNumber("workers_per_task", options.WorkersPerTask);
            w.WriteNumber("unroll", options.UnrollLength);
            w.WriteNumber("seconds_per_run", settings.Seconds);
            w.WriteNumber("repeats", settings.Repeats);
            w.WriteNumber("processor_count", Environment.ProcessorCount);
            WriteLoad(w, "load_average_before", loadBefore);
            WriteLoad(w, "load_average_after", loadAfter);
            w.WriteStartArray("runs");
            foreach (var r in runs)
            {
                w.WriteStartObject();
                w.WriteString("configuration", r.Label);
                w.WriteString("mode", r.Mode);
                w.WriteNumber("threads", r.Threads);
                w.WriteNumber("repeat", r.Repeat);
                w.WriteNumber("seconds", BenchCommand.Round(r.Seconds, 6));
                w.WriteNumber("env_steps", r.EnvSteps);
                w.WriteNumber("updates", r.Updates);
                w.WriteNumber("steps_per_second", BenchCommand.Round(r.StepsPerSecond, 3));
                w.WriteNumber("cpu_seconds", BenchCommand.Round(r.CpuSeconds, 6));
                w.WriteNumber("steps_per_cpu_second", BenchCommand.Round(r.StepsPerCpuSecond, 3));
                w.WriteNumber("allocated_bytes", r.AllocatedBytes);
                w.WriteNumber("allocated_bytes_per_update", BenchCommand.Round(r.AllocatedBytesPerUpdate, 3));
                w.WriteNumber("gen0_collections", r.Gen0Collections);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            var one = Summarise("async-1", runs);
            var two = Summarise("async-2", runs);
            w.WriteStartObject("summary");
            foreach (var s in new[] { one, two, Summarise("sync", runs) })
            {
                w.WriteStartObject(s.Label);
                w.WriteNumber("runs", s.Runs);
                w.WriteNumber("best_steps_per_second", BenchCommand.Round(s.BestStepsPerSecond, 3));
                w.WriteNumber("median_steps_per_second", BenchCommand.Round(s.MedianStepsPerSecond, 3));
                w.WriteNumber("median_steps_per_cpu_second", BenchCommand.Round(s.MedianStepsPerCpuSecond, 3));
                w.WriteNumber("median_allocated_bytes_per_update", BenchCommand.Round(s.MedianAllocatedBytesPerUpdate, 3));
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteNumber("ratio_best", BenchCommand.Round(two.BestStepsPerSecond / one.BestStepsPerSecond, 4));
            w.WriteNumber("ratio_median", BenchCommand.Round(two.MedianStepsPerSecond / one.MedianStepsPerSecond, 4));
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteLoad(Utf8JsonWriter w, string name, double[]? load)
    {
        if (load is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartArray(name);
        foreach (double v in load) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

}
