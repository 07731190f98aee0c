using System.Globalization;
using System.Text.Json;
using Distral.Tensors.Kernels;

namespace Distral.Cli;

/// <summary>
/// <c>distral bench [--json] [--rounds N] [--warmup N] [--threads 1|2] [--task-threads 1|2] [--seed N] [--no-kernels] [--scaling]</c>:
/// speed of the thesis Distral 2col soft-Q schedule on plans 4-8 (env steps per second, updates performed,
/// allocation per round), the kernels behind it, and (--scaling) cost per round against tasks and batch size.
/// See docs/speed.md. <c>distral bench --ac ...</c> is the actor-critic throughput bench (<see cref="BenchActorCritic"/>).
/// </summary>
internal static class BenchCommand
{
    public const string Usage =
        "usage: distral bench [--json] [--rounds N] [--warmup N] [--threads 1|2] [--task-threads 1|2] [--seed N] [--no-kernels] [--scaling]" +
        " | distral bench --ac [--json] [--seconds S] [--repeats N] [--warmup S] [--algorithm NAME] [--seed N]";

    private static readonly string[] Help =
    [
        Usage,
        "  --rounds N     timed rounds (default 1000; 200 per configuration with --scaling); one round = one env",
        "                 step + one soft-Q update (batch 128) in each of plans 4-8, then one distillation update",
        "  --warmup N     untimed rounds first, >= 128 so the replays hold a batch (default 128)",
        "  --threads 1|2  threads per GEMM call (Sgemm.MaxThreads; default 1): splits the large distillation GEMMs",
        "  --task-threads 1|2",
        "                 threads running the tasks' env steps and soft-Q updates in parallel (SoftQOptions.Threads;",
        "                 default 1); with --scaling every row is measured with 1 and with this many",
        "  --seed N       agent seed (default 1)",
        "  --no-kernels   skip the GEMM / MLP kernel figures",
        "  --scaling      cost per round vs number of tasks (1, 2, 5, 10) and batch size (32..512)",
        "  --json         one JSON object on stdout",
        "  --ac           actor-critic throughput instead: async with 1 and 2 worker threads, and sync ('bench --ac --help')",
    ];

    private const int ThesisTasks = 5;
    private const int ThesisBatch = 128;
    private static readonly int[] ScalingTasks = [1, 2, 5, 10];
    private static readonly int[] ScalingBatches = [32, 64, 128, 256, 512];

    private sealed record Settings(bool Json, int? Rounds, int? Warmup, int Threads, int TaskThreads, ulong Seed, bool Kernels, bool Scaling);

    public static int Run(string[] args, TextWriter stdout) => Run(args, stdout, ScalingTasks, ScalingBatches);

    /// <summary>As <see cref="Run(string[], TextWriter)"/> with other scaling rows (tests use small ones).</summary>
    internal static int Run(string[] args, TextWriter stdout, int[] scalingTasks, int[] scalingBatches)
    {
        if (args.Contains("--ac")) return BenchActorCritic.Run(args, stdout);
        if (args.Length > 0 && args[0] is "-h" or "--help")
        {
            foreach (string line in Help) stdout.WriteLine(line);
            return CommandLine.Ok;
        }
        var settings = Parse(args);
        int previousThreads = Sgemm.MaxThreads;
        Sgemm.MaxThreads = settings.Threads;
        try
        {
            if (settings.Scaling) RunScaling(settings, stdout, scalingTasks, scalingBatches);
            else RunSchedule(settings, stdout);
        }
        finally
        {
            Sgemm.MaxThreads = previousThreads;
        }
        return CommandLine.Ok;
    }

    private static Settings Parse(string[] args)
    {
        bool json = false, kernels = true, scaling = false;
        int? rounds = null, warmup = null;
        int threads = 1, taskThreads = 1;
        ulong seed = 1;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--json": json = true; break;
                case "--no-kernels": kernels = false; break;
                case "--scaling": scaling = true; break;
                case "--rounds": rounds = PositiveInt(arg, Value(args, ref i)); break;
                case "--warmup":
                    warmup = PositiveInt(arg, Value(args, ref i));
                    if (warmup < BenchSchedule.MinimumWarmup(ThesisBatch))
                        throw new UserErrorException($"bench: --warmup must be >= {BenchSchedule.MinimumWarmup(ThesisBatch)} (the replays must hold a batch), got {warmup}");
                    break;
                case "--threads": threads = OneOrTwo(arg, Value(args, ref i)); break;
                case "--task-threads": taskThreads = OneOrTwo(arg, Value(args, ref i)); break;
                case "--seed":
                    string s = Value(args, ref i);
                    if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                        throw new UserErrorException($"bench: --seed must be a non-negative integer, got '{s}'");
                    break;
                default: throw new UserErrorException($"bench: unknown option '{arg}' ({Usage})");
            }
        }
        return new Settings(json, rounds, warmup, threads, taskThreads, seed, kernels, scaling);
    }

    private static int OneOrTwo(string option, string text) => text switch
    {
        "1" => 1,
        "2" => 2,
        _ => throw new UserErrorException($"bench: {option} must be 1 or 2, got '{text}'"),
    };

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new UserErrorException($"bench: {args[i]} needs a value ({Usage})");
        return args[++i];
    }

    private static int PositiveInt(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1
            ? v
            : throw new UserErrorException($"bench: {option} must be a positive integer, got '{text}'");

    // ------------------------------------------------------------------ thesis schedule + kernels

    private static void RunSchedule(Settings settings, TextWriter stdout)
    {
        int rounds = settings.Rounds ?? 1000;
        int warmup = settings.Warmup ?? BenchSchedule.MinimumWarmup(ThesisBatch);
        // A throwaway agent first, so the timed agent runs JIT-optimised code from its first timed round.
        BenchSchedule.Run(ThesisTasks, ThesisBatch, warmup, Math.Min(rounds, 200), settings.Seed + 1000, settings.TaskThreads);
        var result = BenchSchedule.Run(ThesisTasks, ThesisBatch, warmup, rounds, settings.Seed, settings.TaskThreads);
        KernelFigures? kernels = settings.Kernels ? BenchKernels.Measure() : null;
        if (settings.Json) stdout.WriteLine(ScheduleJson(settings, result, kernels));
        else WriteScheduleText(settings, result, kernels, stdout);
    }

    private static void WriteScheduleText(Settings settings, BenchScheduleResult r, KernelFigures? kernels, TextWriter stdout)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c,
            $"Distral 2col soft Q, thesis settings, plans 4-8, batch {r.Batch}, {settings.TaskThreads} task thread(s), {settings.Threads} thread(s) per GEMM"));
        stdout.WriteLine(string.Create(c, $"  timed rounds         {r.Rounds} (after {r.WarmupRounds} warm-up rounds)"));
        stdout.WriteLine(string.Create(c, $"  env steps            {r.EnvSteps}"));
        stdout.WriteLine(string.Create(c, $"  soft-Q updates       {r.TaskUpdates}"));
        stdout.WriteLine(string.Create(c, $"  distillation updates {r.DistillUpdates}"));
        stdout.WriteLine(string.Create(c, $"  time                 {r.Seconds:F3} s ({r.MicrosecondsPerRound:F1} us per round)"));
        stdout.WriteLine(string.Create(c, $"  env steps/s          {r.StepsPerSecond:F1} (per CPU second of the process: {r.EnvSteps / Math.Max(r.CpuSeconds, 1e-9):F1})"));
        stdout.WriteLine(string.Create(c,
            $"  allocated per round  {r.AllocatedBytesPerRound:F1} bytes on the agent's threads ({r.ProcessAllocatedBytesPerRound:F1} in the whole process)"));
        stdout.WriteLine(string.Create(c,
            $"  GEMM work            {r.GemmFlopsPerRound / 1e6:F1} MFLOP per round: {r.Gflops:F1} GFLOP/s of wall time, {r.GflopsPerCpuSecond:F1} per CPU second"));
        if (kernels is not KernelFigures k) return;
        stdout.WriteLine(string.Create(c,
            $"  share of FP32 peak   {100 * r.Gflops / k.PeakGflops:F1}% (wall), {100 * r.GflopsPerCpuSecond / k.PeakGflops:F1}% (CPU time) of one core"));
        stdout.WriteLine(string.Create(c, $"Kernels (1 thread, best of N): FP32 peak {k.PeakGflops:F1} GFLOP/s"));
        foreach (var g in k.Gemm)
            stdout.WriteLine(string.Create(c, $"  SGEMM {g.M}x{g.N}x{g.K,-4} {g.Microseconds,10:F2} us {g.Gflops,8:F1} GFLOP/s {100 * g.ShareOfPeak,6:F1}% of peak"));
        stdout.WriteLine(string.Create(c,
            $"  MLP 3-64-128-64-4 fwd+bwd, batch 128: {k.MlpMicroseconds:F2} us ({k.MlpGflops:F1} GFLOP/s, {100 * k.MlpShareOfPeak:F1}% of peak, {k.MlpAllocatedBytesPerStep} bytes allocated)"));
    }

    private static string ScheduleJson(Settings settings, BenchScheduleResult r, KernelFigures? kernels) => WriteJson(w =>
    {
        w.WriteStartObject();
        w.WriteString("implementation", "distral.net");
        w.WriteNumber("threads", settings.Threads);
        w.WriteNumber("task_threads", settings.TaskThreads);
        WriteResultFields(w, r);
        if (kernels is KernelFigures k)
        {
            w.WriteStartObject("kernels");
            w.WriteNumber("peak_gflops", Round(k.PeakGflops, 2));
            w.WriteStartArray("gemm");
            foreach (var g in k.Gemm)
            {
                w.WriteStartObject();
                w.WriteNumber("m", g.M);
                w.WriteNumber("n", g.N);
                w.WriteNumber("k", g.K);
                w.WriteNumber("microseconds", Round(g.Microseconds, 3));
                w.WriteNumber("gflops", Round(g.Gflops, 2));
                w.WriteNumber("share_of_peak", Round(g.ShareOfPeak, 4));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("mlp");
            w.WriteString("network", "3-64-128-64-4 leaky relu, batch 128, forward and backward");
            w.WriteNumber("microseconds_per_batch", Round(k.MlpMicroseconds, 3));
            w.WriteNumber("gflops", Round(k.MlpGflops, 2));
            w.WriteNumber("share_of_peak", Round(k.MlpShareOfPeak, 4));
            w.WriteNumber("allocated_bytes_per_batch", k.MlpAllocatedBytesPerStep);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    private static void WriteResultFields(Utf8JsonWriter w, BenchScheduleResult r)
    {
        w.WriteNumber("tasks", r.Tasks);
        w.WriteNumber("batch", r.Batch);
        w.WriteNumber("task_threads", r.TaskThreads);
        w.WriteNumber("warmup_rounds", r.WarmupRounds);
        w.WriteNumber("rounds", r.Rounds);
        w.WriteNumber("env_steps", r.EnvSteps);
        w.WriteNumber("task_updates", r.TaskUpdates);
        w.WriteNumber("distill_updates", r.DistillUpdates);
        w.WriteNumber("seconds", Round(r.Seconds, 6));
        w.WriteNumber("steps_per_second", Round(r.StepsPerSecond, 3));
        w.WriteNumber("cpu_seconds", Round(r.CpuSeconds, 6));
        w.WriteNumber("steps_per_cpu_second", Round(r.EnvSteps / Math.Max(r.CpuSeconds, 1e-9), 3));
        w.WriteNumber("microseconds_per_round", Round(r.MicrosecondsPerRound, 3));
        w.WriteNumber("microseconds_per_step", Round(r.MicrosecondsPerStep, 3));
        w.WriteNumber("cpu_microseconds_per_round", Round(r.CpuSeconds * 1e6 / r.Rounds, 3));
        w.WriteNumber("allocated_bytes_per_round", Round(r.AllocatedBytesPerRound, 3));
        w.WriteNumber("process_allocated_bytes_per_round", Round(r.ProcessAllocatedBytesPerRound, 3));
        w.WriteNumber("gemm_mflop_per_round", Round(r.GemmFlopsPerRound / 1e6, 3));
        w.WriteNumber("effective_gflops", Round(r.Gflops, 2));
        w.WriteNumber("effective_gflops_per_cpu_second", Round(r.GflopsPerCpuSecond, 2));
    }

    // ------------------------------------------------------------------ scaling tables

    private static void RunScaling(Settings settings, TextWriter stdout, int[] scalingTasks, int[] scalingBatches)
    {
        int rounds = settings.Rounds ?? 200;
        int[] threadCounts = settings.TaskThreads == 1 ? [1] : [1, settings.TaskThreads];
        foreach (int t in threadCounts)
            BenchSchedule.Run(ThesisTasks, ThesisBatch, BenchSchedule.MinimumWarmup(ThesisBatch), Math.Min(rounds, 200), settings.Seed + 1000, t);
        // Each row with every thread count back to back, so the two figures of a row saw the same machine load.
        var byTasks = new List<BenchScheduleResult>();
        foreach (int tasks in scalingTasks)
            foreach (int t in threadCounts)
                byTasks.Add(BenchSchedule.Run(tasks, ThesisBatch, Warmup(settings, ThesisBatch), rounds, settings.Seed, t));
        var byBatch = new List<BenchScheduleResult>();
        foreach (int batch in scalingBatches)
            foreach (int t in threadCounts)
                byBatch.Add(BenchSchedule.Run(ThesisTasks, batch, Warmup(settings, batch), rounds, settings.Seed, t));

        if (settings.Json)
        {
            stdout.WriteLine(WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("implementation", "distral.net");
                w.WriteNumber("threads", settings.Threads);
                w.WriteNumber("task_threads", settings.TaskThreads);
                w.WriteNumber("rounds", rounds);
                WriteTable(w, "by_tasks", byTasks);
                WriteTable(w, "by_batch", byBatch);
                w.WriteEndObject();
            }));
            return;
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cost per round, {rounds} timed rounds per row, task threads {string.Join(" and ", threadCounts)}, {settings.Threads} thread(s) per GEMM"));
        WriteTableText(stdout, "by number of tasks (batch 128; plans 4-8 reused cyclically)", byTasks);
        WriteTableText(stdout, "by batch size (5 tasks, plans 4-8)", byBatch);
    }

    /// <summary>
    /// Learning starts once the replay holds a batch, so larger batches need longer warm-ups; 50 rounds of
    /// updates more put the window in the steady state (buffers grown, code tiered up).
    /// </summary>
    private static int Warmup(Settings settings, int batch) => Math.Max(settings.Warmup ?? 0, BenchSchedule.MinimumWarmup(batch) + 50);

    private static void WriteTable(Utf8JsonWriter w, string name, IEnumerable<BenchScheduleResult> rows)
    {
        w.WriteStartArray(name);
        foreach (var r in rows)
        {
            w.WriteStartObject();
            WriteResultFields(w, r);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteTableText(TextWriter stdout, string title, IEnumerable<BenchScheduleResult> rows)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(title);
        stdout.WriteLine("  tasks  batch  task threads  us/round  CPU us/round  us/env step  env steps/s  bytes/round  speed-up");
        BenchScheduleResult? single = null;
        foreach (var r in rows)
        {
            if (r.TaskThreads == 1) single = r;
            // Speed-up against the 1-thread run of the same row (measured just before it).
            string speedUp = r.TaskThreads > 1 && single is { } s && s.Tasks == r.Tasks && s.Batch == r.Batch
                ? (s.MicrosecondsPerRound / r.MicrosecondsPerRound).ToString("F2", c)
                : "";
            stdout.WriteLine(string.Create(c,
                $"  {r.Tasks,5}  {r.Batch,5}  {r.TaskThreads,12}  {r.MicrosecondsPerRound,8:F1}  {r.CpuSeconds * 1e6 / r.Rounds,12:F1}  {r.MicrosecondsPerStep,11:F1}  {r.StepsPerSecond,11:F1}  {r.AllocatedBytesPerRound,11:F1}  {speedUp,8}"));
        }
    }

    // ------------------------------------------------------------------ helpers

    internal static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private static string WriteJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            write(w);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
