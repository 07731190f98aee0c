using System.Diagnostics;
using System.Globalization;
using Distral.Agents;
using Distral.Agents.ActorCritic;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>
/// Throughput of the actor-critic agent (<see cref="ActorCriticDistral"/>) on the tasks of configs/ac/kl-2col.yaml
/// (plans 4-8) with its settings (<see cref="Settings"/>), in async (A3C) mode with 1 and with 2 worker threads and
/// in sync mode, in interleaved repeats: env steps per second (wall and CPU), allocation per update and the
/// 2-thread / 1-thread ratio. Every run is a fresh agent (same seed), so all runs measure the same stage of learning:
/// an untimed warm-up window, then a timed window ended by cancelling <c>Train</c> (which returns between updates).
/// </summary>
public static class ActorCriticThroughputBenchmark
{
    /// <summary>The configurations in the order of a repeat (rotated by one each repeat).</summary>
    private static readonly (ActorCriticWorkersMode Mode, int Threads)[] Configurations =
        [(ActorCriticWorkersMode.Async, 1), (ActorCriticWorkersMode.Async, 2), (ActorCriticWorkersMode.Sync, 1)];

    /// <summary>Offset of the throwaway agents' seed from the timed agents'.</summary>
    private const ulong JitSeedOffset = 1000;

    /// <summary>Where the embedded copy of the settings comes from (the build embeds the repository's file).</summary>
    public const string SettingsSource = "configs/ac/kl-2col.yaml";

    /// <summary>
    /// The settings every run uses: configs/ac/kl-2col.yaml, embedded in this assembly at build time so the bench
    /// runs the committed settings wherever it is installed (one source of truth: the file itself). The seven
    /// configs/ac files differ only in <c>algorithm</c> (tested), so any algorithm runs its own config's settings.
    /// </summary>
    public static RunConfig Settings { get; } = LoadSettings();

    /// <summary>The algorithms the bench runs (the actor-critic presets).</summary>
    public static IReadOnlyList<string> Algorithms => [.. ActorCriticOptions.Presets.Select(p => p.Name)];

    /// <summary>The options of configs/ac/<paramref name="algorithm"/>.yaml in the given execution mode.</summary>
    public static ActorCriticOptions AgentOptions(string algorithm, ActorCriticWorkersMode mode, int threads)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var preset = ActorCriticOptions.Preset(algorithm) ?? throw new ArgumentException($"Unknown algorithm '{algorithm}'.", nameof(algorithm));
        return ActorCriticAgents.Options(preset, Settings) with { WorkersMode = mode, Threads = threads };
    }

    /// <summary>A fresh agent on the settings' tasks, every env copy with its own seed and the settings' time limit.</summary>
    public static ActorCriticDistral CreateAgent(ActorCriticOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var envs = new List<IReadOnlyList<IEnv>>();
        for (int i = 0; i < Settings.Tasks.Count; i++)
        {
            var copies = new IEnv[options.WorkersPerTask];
            for (int w = 0; w < copies.Length; w++)
                copies[w] = new TimeLimit(TaskRegistry.Default.Make(Settings.Tasks[i], unchecked((int)seed * 7919 + 100 * i + w)), Settings.MaxEpisodeSteps);
            envs.Add(copies);
        }
        return new ActorCriticDistral(envs, options, seed);
    }

    /// <summary>
    /// A throwaway run of each configuration first (so the timed agents run JIT-optimised code), then
    /// <see cref="ActorCriticThroughputBenchmarkOptions.Repeats"/> rounds of the three configurations, the order
    /// rotated each repeat so no configuration always follows the same one (load drifts, caches).
    /// </summary>
    public static ActorCriticThroughputReport Measure(ActorCriticThroughputBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double[]? loadBefore = LoadAverage();
        foreach (var (mode, threads) in Configurations)
            Window(CreateAgent(AgentOptions(options.Algorithm, mode, threads), options.Seed + JitSeedOffset), options.Warmup, mode, threads, repeat: -1);
        var runs = new List<ActorCriticThroughputRun>();
        for (int repeat = 0; repeat < options.Repeats; repeat++)
        {
            for (int c = 0; c < Configurations.Length; c++)
            {
                var (mode, threads) = Configurations[(c + repeat) % Configurations.Length];
                var agent = CreateAgent(AgentOptions(options.Algorithm, mode, threads), options.Seed);
                Window(agent, options.Warmup, mode, threads, repeat);
                runs.Add(Window(agent, options.Seconds, mode, threads, repeat));
            }
        }
        double[]? loadAfter = LoadAverage();
        var setting = AgentOptions(options.Algorithm, ActorCriticWorkersMode.Async, 1);
        return new ActorCriticThroughputReport(options, Settings.Tasks.Count, setting.WorkersPerTask, setting.UnrollLength,
            Environment.ProcessorCount, loadBefore, loadAfter, runs);
    }

    /// <summary>
    /// Trains <paramref name="agent"/> for about <paramref name="seconds"/> (cancelled then; Train returns between
    /// updates) and meters it: env steps, updates, wall and process CPU time, whole-process allocation, gen-0 GCs.
    /// </summary>
    internal static ActorCriticThroughputRun Window(ActorCriticDistral agent, double seconds, ActorCriticWorkersMode mode, int threads, int repeat)
    {
        ArgumentNullException.ThrowIfNull(agent);
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
        return new ActorCriticThroughputRun(mode, threads, repeat, elapsed, agent.EnvSteps - steps0, agent.Updates - updates0,
            cpu.TotalSeconds, allocated, GC.CollectionCount(0) - gen0);
    }

    private static RunConfig LoadSettings()
    {
        using var stream = typeof(ActorCriticThroughputBenchmark).Assembly.GetManifestResourceStream(SettingsSource)
            ?? throw new InvalidOperationException($"The assembly lacks its embedded {SettingsSource}.");
        using var reader = new StreamReader(stream);
        return ConfigLoader.Parse(reader.ReadToEnd(), SettingsSource);
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
}
