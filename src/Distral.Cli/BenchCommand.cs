using System.Globalization;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral bench [--json] [--rounds N] [--warmup N] [--threads 1|2] [--task-threads 1|2] [--seed N] [--no-kernels] [--distill] [--scaling]</c>:
/// speed of the thesis Distral 2col soft-Q schedule on plans 4-8 (env steps per second, updates performed,
/// allocation per round), the kernels behind it, (--distill) the distillation students' update rates next to it, and
/// (--scaling) cost per round against tasks and batch size, measured by <see cref="SoftQScheduleBenchmark"/>. See
/// docs/speed.md. <c>distral bench --ac ...</c> is the actor-critic throughput bench (<see cref="BenchActorCriticCommand"/>).
/// </summary>
internal static class BenchCommand
{
    public const string Usage =
        "usage: distral bench [--json] [--rounds N] [--warmup N] [--threads 1|2] [--task-threads 1|2] [--seed N] [--no-kernels] [--distill] [--scaling]" +
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
        "  --distill      then time N (--rounds) updates of each distillation student (NLL, MSE, KL, Actor-Mimic, 1/15 KL)",
        "                 on plans 4-8, next to the soft-Q update rate; teachers: freshly initialised soft-Q columns",
        "  --scaling      cost per round vs number of tasks (1, 2, 5, 10) and batch size (32..512)",
        "  --json         one JSON object on stdout",
        "  --ac           actor-critic throughput instead: async with 1 and 2 worker threads, and sync ('bench --ac --help')",
    ];

    private static readonly string[] Flags = ["--json", "--no-kernels", "--scaling", "--distill"];
    private static readonly string[] Valued = ["--rounds", "--warmup", "--threads", "--task-threads", "--seed"];

    public static int Run(string[] args, TextWriter stdout) =>
        Run(args, stdout, SoftQScheduleBenchmark.ScalingTasks, SoftQScheduleBenchmark.ScalingBatches);

    /// <summary>As <see cref="Run(string[], TextWriter)"/> with other scaling rows (tests use small ones).</summary>
    internal static int Run(string[] args, TextWriter stdout, IReadOnlyList<int> scalingTasks, IReadOnlyList<int> scalingBatches)
    {
        if (args.Contains("--ac")) return BenchActorCriticCommand.Run(args, stdout);
        var a = VerbArguments.Parse("bench", Usage, args, Flags, Valued);
        if (a.Help)
        {
            foreach (string line in Help) stdout.WriteLine(line);
            return CommandLine.Ok;
        }
        var options = Parse(a);
        if (a.Has("--scaling"))
        {
            if (options.Distillation) throw new UserErrorException($"bench: --distill goes with the thesis schedule, not --scaling ({Usage})");
            var scaling = SoftQScheduleBenchmark.MeasureScaling(options, scalingTasks, scalingBatches);
            if (a.Has("--json")) stdout.WriteLine(scaling.ToJson());
            else WriteScalingText(scaling, stdout);
        }
        else
        {
            var report = SoftQScheduleBenchmark.Measure(options);
            if (a.Has("--json")) stdout.WriteLine(report.ToJson());
            else WriteScheduleText(report, stdout);
        }
        return CommandLine.Ok;
    }

    private static SoftQScheduleBenchmarkOptions Parse(VerbArguments a)
    {
        if (a.Positionals.Count > 0) throw a.Error($"unknown option '{a.Positionals[0]}'");
        int minimumWarmup = SoftQScheduleBenchmark.MinimumWarmup(SoftQScheduleBenchmark.ThesisBatch);
        int? warmup = a.Value("--warmup") is null ? null : a.Int("--warmup", 0);
        if (warmup < minimumWarmup)
            throw new UserErrorException($"bench: --warmup must be >= {minimumWarmup} (the replays must hold a batch), got {warmup}");
        return new SoftQScheduleBenchmarkOptions
        {
            Rounds = a.Value("--rounds") is null ? null : a.Int("--rounds", 0),
            Warmup = warmup,
            GemmThreads = OneOrTwo(a, "--threads"),
            TaskThreads = OneOrTwo(a, "--task-threads"),
            Seed = a.ULong("--seed", 1),
            Kernels = !a.Has("--no-kernels"),
            Distillation = a.Has("--distill"),
        };
    }

    private static int OneOrTwo(VerbArguments a, string option) => a.Value(option) switch
    {
        null or "1" => 1,
        "2" => 2,
        string text => throw new UserErrorException($"bench: {option} must be 1 or 2, got '{text}'"),
    };

    private static void WriteScheduleText(SoftQScheduleReport report, TextWriter stdout)
    {
        var c = CultureInfo.InvariantCulture;
        var (options, r) = (report.Options, report.Result);
        stdout.WriteLine(string.Create(c,
            $"Distral 2col soft Q, thesis settings, plans 4-8, batch {r.Batch}, {options.TaskThreads} task thread(s), {options.GemmThreads} thread(s) per GEMM"));
        stdout.WriteLine(string.Create(c, $"  timed rounds         {r.Rounds} (after {r.WarmupRounds} warm-up rounds)"));
        stdout.WriteLine(string.Create(c, $"  env steps            {r.EnvSteps}"));
        stdout.WriteLine(string.Create(c, $"  soft-Q updates       {r.TaskUpdates}"));
        stdout.WriteLine(string.Create(c, $"  distillation updates {r.DistillUpdates}"));
        stdout.WriteLine(string.Create(c, $"  time                 {r.Seconds:F3} s ({r.MicrosecondsPerRound:F1} us per round)"));
        stdout.WriteLine(string.Create(c, $"  env steps/s          {r.StepsPerSecond:F1} (per CPU second of the process: {r.StepsPerCpuSecond:F1})"));
        stdout.WriteLine(string.Create(c,
            $"  allocated per round  {r.AllocatedBytesPerRound:F1} bytes on the agent's threads ({r.ProcessAllocatedBytesPerRound:F1} in the whole process)"));
        stdout.WriteLine(string.Create(c,
            $"  GEMM work            {r.GemmFlopsPerRound / 1e6:F1} MFLOP per round: {r.Gflops:F1} GFLOP/s of wall time, {r.GflopsPerCpuSecond:F1} per CPU second"));
        if (report.Distillation is { } students) WriteDistillationText(report, students, stdout);
        if (report.Kernels is not KernelFigures k) return;
        stdout.WriteLine(string.Create(c,
            $"  share of FP32 peak   {100 * r.Gflops / k.PeakGflops:F1}% (wall), {100 * r.GflopsPerCpuSecond / k.PeakGflops:F1}% (CPU time) of one core"));
        stdout.WriteLine(string.Create(c, $"Kernels (1 thread, best of N): FP32 peak {k.PeakGflops:F1} GFLOP/s"));
        foreach (var g in k.Gemm)
            stdout.WriteLine(string.Create(c, $"  SGEMM {g.M}x{g.N}x{g.K,-4} {g.Microseconds,10:F2} us {g.Gflops,8:F1} GFLOP/s {100 * g.ShareOfPeak,6:F1}% of peak"));
        stdout.WriteLine(string.Create(c,
            $"  MLP 3-64-128-64-4 fwd+bwd, batch 128: {k.MlpMicroseconds:F2} us ({k.MlpGflops:F1} GFLOP/s, {100 * k.MlpShareOfPeak:F1}% of peak, {k.MlpAllocatedBytesPerStep} bytes allocated)"));
    }

    private static void WriteDistillationText(SoftQScheduleReport report, IReadOnlyList<DistillationBenchmarkResult> students, TextWriter stdout)
    {
        var c = CultureInfo.InvariantCulture;
        var first = students[0];
        stdout.WriteLine(string.Create(c,
            $"Distillation students, plans 4-8, {first.StatesPerTask} states per task per update, {first.Updates} timed updates each (after {first.WarmupUpdates})"));
        stdout.WriteLine($"  teachers: {SoftQScheduleReport.DistillationTeachers}");
        stdout.WriteLine("  student                        hidden     params  updates/s  us/update  CPU us/update  task fits/s   states/s  bytes/update");
        foreach (var s in students)
            stdout.WriteLine(string.Create(c,
                $"  {s.Name,-29}  {s.Hidden,-9}  {s.StudentParameters,6}  {s.UpdatesPerSecond,9:F1}  {s.MicrosecondsPerUpdate,9:F1}  {s.CpuMicrosecondsPerUpdate,13:F1}  {s.TaskFitsPerSecond,11:F1}  {s.StatesPerSecond,9:F0}  {s.AllocatedBytesPerUpdate,12:F1}"));
        double softQ = report.SoftQTaskUpdatesPerSecond;
        stdout.WriteLine(string.Create(c,
            $"  soft-Q schedule above: {softQ:F1} task updates/s, {report.Result.CpuSeconds * 1e6 / report.Result.TaskUpdates:F1} CPU us each (batch {report.Result.Batch}: {softQ * report.Result.Batch:F0} states/s; its rounds also step the envs and update pi_0)"));
    }

    private static void WriteScalingText(SoftQScalingReport report, TextWriter stdout)
    {
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cost per round, {report.Rounds} timed rounds per row, task threads {string.Join(" and ", report.TaskThreadCounts)}, {report.Options.GemmThreads} thread(s) per GEMM"));
        WriteTableText(stdout, "by number of tasks (batch 128; plans 4-8 reused cyclically)", report.ByTasks);
        WriteTableText(stdout, "by batch size (5 tasks, plans 4-8)", report.ByBatch);
    }

    private static void WriteTableText(TextWriter stdout, string title, IReadOnlyList<SoftQScheduleResult> rows)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(title);
        stdout.WriteLine("  tasks  batch  task threads  us/round  CPU us/round  us/env step  env steps/s  bytes/round  speed-up");
        // Speed-up against the 1-thread run of the same row (measured just before it).
        var speedUps = SoftQScalingReport.SpeedUps(rows);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            string speedUp = speedUps[i] is double s ? s.ToString("F2", c) : "";
            stdout.WriteLine(string.Create(c,
                $"  {r.Tasks,5}  {r.Batch,5}  {r.TaskThreads,12}  {r.MicrosecondsPerRound,8:F1}  {r.CpuMicrosecondsPerRound,12:F1}  {r.MicrosecondsPerStep,11:F1}  {r.StepsPerSecond,11:F1}  {r.AllocatedBytesPerRound,11:F1}  {speedUp,8}"));
        }
    }
}
