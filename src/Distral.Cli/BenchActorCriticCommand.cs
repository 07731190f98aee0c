using System.Globalization;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral bench --ac</c>: throughput of the actor-critic agent on plans 4-8 with the settings of configs/ac/ALG.yaml,
/// async with 1 and 2 worker threads and sync, in interleaved repeats, measured by <see cref="ActorCriticThroughputBenchmark"/>.
/// </summary>
internal static class BenchActorCriticCommand
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

    private static readonly string[] Flags = ["--ac", "--json"];
    private static readonly string[] Valued = ["--seconds", "--repeats", "--warmup", "--algorithm", "--seed"];

    /// <summary>The longest window one option may ask for.</summary>
    private const double MaxSeconds = 3600;

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = VerbArguments.Parse("bench --ac", Usage, args, Flags, Valued);
        if (a.Help)
        {
            foreach (string line in Help) stdout.WriteLine(line);
            return CommandLine.Ok;
        }
        var report = ActorCriticThroughputBenchmark.Measure(Parse(a));
        if (a.Has("--json")) stdout.WriteLine(report.ToJson());
        else WriteText(report, stdout);
        return CommandLine.Ok;
    }

    private static ActorCriticThroughputBenchmarkOptions Parse(VerbArguments a)
    {
        if (a.Positionals.Count > 0) throw a.Error($"unknown option '{a.Positionals[0]}'");
        var defaults = new ActorCriticThroughputBenchmarkOptions();
        string algorithm = a.Value("--algorithm") ?? defaults.Algorithm;
        var algorithms = ActorCriticThroughputBenchmark.Algorithms;
        if (!algorithms.Contains(algorithm.ToLowerInvariant()))
            throw new UserErrorException($"bench --ac: unknown algorithm '{algorithm}' (one of {string.Join(", ", algorithms)})");
        return new ActorCriticThroughputBenchmarkOptions
        {
            Seconds = a.Double("--seconds", defaults.Seconds, 0, MaxSeconds),
            Repeats = a.Int("--repeats", defaults.Repeats),
            Warmup = a.Double("--warmup", defaults.Warmup, 0, MaxSeconds),
            Algorithm = algorithm,
            Seed = a.ULong("--seed", defaults.Seed),
        };
    }

    private static void WriteText(ActorCriticThroughputReport report, TextWriter stdout)
    {
        var c = CultureInfo.InvariantCulture;
        var options = report.Options;
        stdout.WriteLine(string.Create(c,
            $"Actor-critic {options.Algorithm}, plans 4-8, {report.WorkersPerTask} env copies per task, unroll {report.Unroll}, {options.Repeats} x {options.Seconds:F1} s per configuration"));
        stdout.WriteLine($"  load average before {FormatLoad(report.LoadAverageBefore)}, after {FormatLoad(report.LoadAverageAfter)} ({report.ProcessorCount} cores)");
        stdout.WriteLine("  run  configuration  seconds  env steps  updates  env steps/s  per CPU s  bytes/update  gen0 GCs");
        foreach (var r in report.Runs)
            stdout.WriteLine(string.Create(c,
                $"  {r.Repeat,3}  {r.Label,-13}  {r.Seconds,7:F2}  {r.EnvSteps,9}  {r.Updates,7}  {r.StepsPerSecond,11:F0}  {r.StepsPerCpuSecond,9:F0}  {r.AllocatedBytesPerUpdate,12:F1}  {r.Gen0Collections,8}"));
        foreach (var s in report.Summaries)
            stdout.WriteLine(string.Create(c,
                $"  {s.Label,-8} best {s.BestStepsPerSecond,9:F0} env steps/s, median {s.MedianStepsPerSecond,9:F0}, median per CPU s {s.MedianStepsPerCpuSecond,9:F0}"));
        stdout.WriteLine(string.Create(c,
            $"  ratio 2 threads / 1 thread: {report.RatioBest:F2} (best vs best), {report.RatioMedian:F2} (median vs median)"));
    }

    private static string FormatLoad(IReadOnlyList<double>? load) =>
        load is null ? "unknown" : string.Join(" / ", load.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
}
