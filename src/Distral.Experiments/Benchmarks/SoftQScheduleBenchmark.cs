using System.Diagnostics;
using Distral.Agents;
using Distral.Agents.SoftQ;
using Distral.Envs;
using Distral.Tensors.Kernels;

namespace Distral.Experiments;

/// <summary>
/// Speed of the thesis schedule of <see cref="SoftQDistral"/> (one env step + its soft-Q update per task, then one
/// distillation update, per round) on plans 4-8, run for an exact number of rounds through the public API only:
/// every env is wrapped in a <see cref="MeteredEnv"/> that stamps the clock and the allocation counters before the
/// first step of the first and of the one-past-last timed round, and cancels <c>Train</c> there (Train checks the
/// token between rounds, so the round being started still completes, outside the window). With task threads the
/// tasks of a round step concurrently; the first step of a round to arrive stamps. See docs/speed.md.
/// </summary>
public static class SoftQScheduleBenchmark
{
    /// <summary>The thesis setting: five tasks (plans 4-8), batch 128.</summary>
    public const int ThesisTasks = 5;

    /// <summary>The thesis batch size.</summary>
    public const int ThesisBatch = 128;

    /// <summary>Timed rounds of <see cref="Measure"/> when <see cref="SoftQScheduleBenchmarkOptions.Rounds"/> is null.</summary>
    public const int DefaultRounds = 1000;

    /// <summary>Timed rounds per row of <see cref="MeasureScaling"/> when <see cref="SoftQScheduleBenchmarkOptions.Rounds"/> is null.</summary>
    public const int DefaultScalingRounds = 200;

    /// <summary>The task counts of the scaling table.</summary>
    public static IReadOnlyList<int> ScalingTasks { get; } = [1, 2, 5, 10];

    /// <summary>The batch sizes of the scaling table.</summary>
    public static IReadOnlyList<int> ScalingBatches { get; } = [32, 64, 128, 256, 512];

    /// <summary>Plans 4..8, reused cyclically for more than 5 tasks.</summary>
    private static readonly int[] Plans = [4, 5, 6, 7, 8];

    /// <summary>Thesis time limit per episode.</summary>
    private const int MaxEpisodeSteps = 1000;

    /// <summary>Rounds of the throwaway agent that runs first, so the timed agents run JIT-optimised code.</summary>
    private const int MaxJitRounds = 200;

    /// <summary>Offset of the throwaway agent's seed from the timed agents'.</summary>
    private const ulong JitSeedOffset = 1000;

    /// <summary>Thesis settings with the given batch; learning starts once the replay holds a batch.</summary>
    public static SoftQOptions AgentOptions(int batch, int taskThreads = 1) =>
        SoftQOptions.Distral2Col with
        {
            BatchSize = batch, MinReplayToLearn = Math.Max(batch, SoftQOptions.Distral2Col.MinReplayToLearn), Threads = taskThreads,
        };

    /// <summary>Warm-up rounds needed so that every step of the timed window performs its soft-Q updates.</summary>
    public static int MinimumWarmup(int batch) => AgentOptions(batch).MinReplayToLearn;

    /// <summary>
    /// Warm-up of a scaling row: learning starts once the replay holds a batch, so larger batches need longer
    /// warm-ups; 50 rounds of updates more put the window in the steady state (buffers grown, code tiered up).
    /// </summary>
    public static int ScalingWarmup(SoftQScheduleBenchmarkOptions options, int batch)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Math.Max(options.Warmup ?? 0, MinimumWarmup(batch) + 50);
    }

    /// <summary>
    /// The thesis setting (5 tasks, batch 128) after a throwaway agent for the JIT, then the distillation students'
    /// updates and the kernel figures if asked, all at <see cref="SoftQScheduleBenchmarkOptions.GemmThreads"/> threads per GEMM.
    /// </summary>
    public static SoftQScheduleReport Measure(SoftQScheduleBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int rounds = options.Rounds ?? DefaultRounds;
        int warmup = options.Warmup ?? MinimumWarmup(ThesisBatch);
        return WithGemmThreads(options.GemmThreads, () =>
        {
            Run(ThesisTasks, ThesisBatch, warmup, Math.Min(rounds, MaxJitRounds), options.Seed + JitSeedOffset, options.TaskThreads);
            var result = Run(ThesisTasks, ThesisBatch, warmup, rounds, options.Seed, options.TaskThreads);
            var distillation = options.Distillation ? DistillationBenchmark.Measure(rounds, options.Seed) : null;
            KernelFigures? kernels = options.Kernels ? KernelBenchmark.Measure() : null;
            return new SoftQScheduleReport(options, result, kernels, distillation);
        });
    }

    /// <summary>
    /// Cost per round against the number of tasks (batch 128; plans 4-8 reused cyclically) and against the batch
    /// size (5 tasks); every row with 1 task thread and, if more are asked, with that many, back to back so the
    /// figures of a row saw the same machine load.
    /// </summary>
    public static SoftQScalingReport MeasureScaling(SoftQScheduleBenchmarkOptions options, IReadOnlyList<int> tasks, IReadOnlyList<int> batches)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(batches);
        int rounds = options.Rounds ?? DefaultScalingRounds;
        int[] threadCounts = options.TaskThreads == 1 ? [1] : [1, options.TaskThreads];
        return WithGemmThreads(options.GemmThreads, () =>
        {
            foreach (int t in threadCounts)
                Run(ThesisTasks, ThesisBatch, MinimumWarmup(ThesisBatch), Math.Min(rounds, MaxJitRounds), options.Seed + JitSeedOffset, t);
            var byTasks = new List<SoftQScheduleResult>();
            foreach (int taskCount in tasks)
                foreach (int t in threadCounts)
                    byTasks.Add(Run(taskCount, ThesisBatch, ScalingWarmup(options, ThesisBatch), rounds, options.Seed, t));
            var byBatch = new List<SoftQScheduleResult>();
            foreach (int batch in batches)
                foreach (int t in threadCounts)
                    byBatch.Add(Run(ThesisTasks, batch, ScalingWarmup(options, batch), rounds, options.Seed, t));
            return new SoftQScalingReport(options, rounds, threadCounts, byTasks, byBatch);
        });
    }

    /// <summary>
    /// Builds a fresh agent on <paramref name="tasks"/> plan envs, runs <paramref name="warmup"/> untimed rounds
    /// and then times <paramref name="rounds"/> rounds, with <paramref name="taskThreads"/> threads for the task phases.
    /// </summary>
    public static SoftQScheduleResult Run(int tasks, int batch, int warmup, int rounds, ulong seed, int taskThreads = 1)
    {
        var options = AgentOptions(batch, taskThreads);
        if (warmup < options.MinReplayToLearn)
            throw new ArgumentOutOfRangeException(nameof(warmup), $"warm-up must be >= {options.MinReplayToLearn} rounds.");
        using var cancel = new CancellationTokenSource();
        var meter = new ScheduleRoundMeter(tasks, warmup, rounds, options, cancel);
        var envs = new IEnv[tasks];
        for (int i = 0; i < tasks; i++)
        {
            int plan = Plans[i % Plans.Length];
            envs[i] = new MeteredEnv(new TimeLimit(TaskRegistry.Default.Make($"plan{plan}", (int)seed + i), MaxEpisodeSteps), meter, i);
        }
        var agent = new SoftQDistral(envs, options, seed);
        try
        {
            agent.Train(int.MaxValue, NullTrainingObserver.Instance, cancel.Token);
        }
        catch (OperationCanceledException) when (meter.Finished)
        {
            // expected: the meter stopped training after the timed window
        }
        if (!meter.Finished) throw new InvalidOperationException("Training ended before the timed window closed.");
        return new SoftQScheduleResult(tasks, batch, taskThreads, warmup, rounds, meter.WindowSteps, meter.WindowTaskUpdates,
            options.Distilled ? rounds : 0, Stopwatch.GetElapsedTime(meter.StartTimestamp, meter.EndTimestamp).TotalSeconds,
            (meter.EndCpu - meter.StartCpu).TotalSeconds, meter.AgentThreadsAllocatedBytes(), meter.EndAllocated - meter.StartAllocated);
    }

    /// <summary>Runs <paramref name="measure"/> with <see cref="Sgemm.MaxThreads"/> set to <paramref name="threads"/>, then restores it.</summary>
    private static T WithGemmThreads<T>(int threads, Func<T> measure)
    {
        int previous = Sgemm.MaxThreads;
        Sgemm.MaxThreads = threads;
        try
        {
            return measure();
        }
        finally
        {
            Sgemm.MaxThreads = previous;
        }
    }
}
