using System.Diagnostics;
using Distral.Agents;
using Distral.Agents.SoftQ;
using Distral.Envs;

namespace Distral.Cli;

/// <summary>What one timed window of the Distral soft-Q schedule did and how long it took.</summary>
internal readonly record struct BenchScheduleResult(
    int Tasks, int Batch, int TaskThreads, int WarmupRounds, int Rounds, long EnvSteps, long TaskUpdates, long DistillUpdates,
    double Seconds, double CpuSeconds, long AllocatedBytes, long ProcessAllocatedBytes)
{
    public double StepsPerSecond => EnvSteps / Seconds;
    public double MicrosecondsPerRound => Seconds * 1e6 / Rounds;
    public double MicrosecondsPerStep => Seconds * 1e6 / EnvSteps;
    /// <summary>Bytes allocated per round by the threads that ran the agent (the zero-allocation figure).</summary>
    public double AllocatedBytesPerRound => (double)AllocatedBytes / Rounds;

    /// <summary>Bytes allocated per round by the whole process, runtime background threads included.</summary>
    public double ProcessAllocatedBytesPerRound => (double)ProcessAllocatedBytes / Rounds;

    /// <summary>
    /// GEMM FLOP of one round (2 per multiply-add): per task, acting (f and h on one row), the targets (f and h
    /// forward on the batch) and the soft-Q step (forward, dW, dx except the input layer); then the distillation
    /// step on tasks x batch rows. Acting is counted even on epsilon-random steps (it is ~0.2% of the total).
    /// </summary>
    public double GemmFlopsPerRound
    {
        get
        {
            int[] sizes = [3, 64, 128, 64, 4];
            double macs = 0, inputLayer = sizes[0] * sizes[1];
            for (int l = 0; l < sizes.Length - 1; l++) macs += sizes[l] * sizes[l + 1];
            double trainRow = 3 * macs - inputLayer;                   // forward + dW + dx
            double perTask = 2 * macs + Batch * (2 * macs + trainRow);  // acting + targets + update
            return 2 * (Tasks * perTask + Tasks * Batch * trainRow);
        }
    }

    /// <summary>Effective GEMM throughput of the schedule per second of wall time.</summary>
    public double Gflops => GemmFlopsPerRound * Rounds / Seconds / 1e9;

    /// <summary>Effective GEMM throughput per second of process CPU time.</summary>
    public double GflopsPerCpuSecond => GemmFlopsPerRound * Rounds / Math.Max(CpuSeconds, 1e-9) / 1e9;
}

/// <summary>
/// Runs the thesis schedule of <see cref="SoftQDistral"/> (one env step + its soft-Q update per task, then one
/// distillation update, per round) for an exact number of rounds through the public API only: every env is
/// wrapped in a <see cref="MeteredEnv"/> that stamps the clock and the allocation counter before the first step
/// of the first and of the one-past-last timed round, and cancels <c>Train</c> there (Train checks the token
/// between rounds, so the round being started still completes, outside the window). With task threads the
/// tasks of a round step concurrently; the first step of a round to arrive stamps.
/// </summary>
internal static class BenchSchedule
{
    /// <summary>Plans 4..8, reused cyclically for more than 5 tasks.</summary>
    private static readonly int[] Plans = [4, 5, 6, 7, 8];

    /// <summary>Thesis time limit per episode.</summary>
    private const int MaxEpisodeSteps = 1000;

    /// <summary>Thesis settings with the given batch; learning starts once the replay holds a batch.</summary>
    public static SoftQOptions Options(int batch, int taskThreads = 1) =>
        SoftQOptions.Distral2Col with
        {
            BatchSize = batch, MinReplayToLearn = Math.Max(batch, SoftQOptions.Distral2Col.MinReplayToLearn), Threads = taskThreads,
        };

    /// <summary>Warm-up rounds needed so that every step of the timed window performs its soft-Q updates.</summary>
    public static int MinimumWarmup(int batch) => Options(batch).MinReplayToLearn;

    /// <summary>
    /// Builds a fresh agent on <paramref name="tasks"/> plan envs, runs <paramref name="warmup"/> untimed rounds
    /// and then times <paramref name="rounds"/> rounds, with <paramref name="taskThreads"/> threads for the task phases.
    /// </summary>
    public static BenchScheduleResult Run(int tasks, int batch, int warmup, int rounds, ulong seed, int taskThreads = 1)
    {
        var options = Options(batch, taskThreads);
        if (warmup < options.MinReplayToLearn)
            throw new ArgumentOutOfRangeException(nameof(warmup), $"warm-up must be >= {options.MinReplayToLearn} rounds.");
        using var cancel = new CancellationTokenSource();
        var meter = new RoundMeter(tasks, warmup, rounds, options, cancel);
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
        return new BenchScheduleResult(tasks, batch, taskThreads, warmup, rounds, meter.WindowSteps, meter.WindowTaskUpdates,
            options.Distilled ? rounds : 0, Stopwatch.GetElapsedTime(meter.StartTimestamp, meter.EndTimestamp).TotalSeconds,
            (meter.EndCpu - meter.StartCpu).TotalSeconds, meter.AgentThreadsAllocatedBytes(), meter.EndAllocated - meter.StartAllocated);
    }
}

/// <summary>
/// Counts env steps per task and marks the timed window. Every task steps once per round, so the round of a step
/// is its task's step count; task phases may run on several threads (each task on one at a time, rounds separated
/// by the agent's barrier), so per-task counters need no locks and the window stamps are claimed atomically.
/// Allocation is counted twice: per agent thread (each task's first step of the window and of the one-past-last
/// round read its thread's counter; a thread's tasks span its whole work between the two) and for the whole
/// process (runtime background threads included). Soft-Q updates are derived from the agent's documented rule:
/// a step updates (UpdatesPerStep times) once its task's replay, after the push, holds MinReplayToLearn transitions.
/// </summary>
internal sealed class RoundMeter(int tasks, int startRound, int timedRounds, SoftQOptions options, CancellationTokenSource cancel)
{
    private readonly long[] _taskSteps = new long[tasks];
    private readonly long[] _windowSteps = new long[tasks];
    private readonly long[] _windowUpdates = new long[tasks];
    private readonly long[] _taskStartAllocated = new long[tasks];
    private readonly long[] _taskEndAllocated = new long[tasks];
    private readonly int[] _taskStartThread = new int[tasks];
    private readonly int[] _taskEndThread = new int[tasks];
    private int _startClaimed, _endClaimed;

    public long StartTimestamp { get; private set; }
    public long EndTimestamp { get; private set; }
    public long StartAllocated { get; private set; }
    public long EndAllocated { get; private set; }
    public TimeSpan StartCpu { get; private set; }
    public TimeSpan EndCpu { get; private set; }
    public long WindowSteps => _windowSteps.Sum();
    public long WindowTaskUpdates => _windowUpdates.Sum();
    public bool Finished => Volatile.Read(ref _endClaimed) == 1;

    public void BeforeStep(int task)
    {
        long round = _taskSteps[task];
        if (round == startRound)
        {
            _taskStartAllocated[task] = GC.GetAllocatedBytesForCurrentThread();
            _taskStartThread[task] = Environment.CurrentManagedThreadId;
        }
        else if (round == startRound + timedRounds)
        {
            _taskEndAllocated[task] = GC.GetAllocatedBytesForCurrentThread();
            _taskEndThread[task] = Environment.CurrentManagedThreadId;
        }
        if (round == startRound && Interlocked.Exchange(ref _startClaimed, 1) == 0)
        {
            StartCpu = ProcessCpu();
            StartAllocated = GC.GetTotalAllocatedBytes(precise: true);
            StartTimestamp = Stopwatch.GetTimestamp();
        }
        else if (round == startRound + timedRounds && Interlocked.Exchange(ref _endClaimed, 1) == 0)
        {
            EndTimestamp = Stopwatch.GetTimestamp();
            EndAllocated = GC.GetTotalAllocatedBytes(precise: true);
            EndCpu = ProcessCpu();
            cancel.Cancel();
        }
        long replayAfterPush = Math.Min(round + 1, options.ReplayCapacity);
        if (round >= startRound && round < startRound + timedRounds)
        {
            _windowSteps[task]++;
            if (replayAfterPush >= options.MinReplayToLearn) _windowUpdates[task] += options.UpdatesPerStep;
        }
        _taskSteps[task] = round + 1;
    }

    /// <summary>
    /// Bytes allocated in the window by the threads that ran tasks: per thread, its largest end reading minus its
    /// smallest start reading (the counters only grow). Tasks stay on one thread (SoftQDistral's static partition).
    /// </summary>
    public long AgentThreadsAllocatedBytes()
    {
        var start = new Dictionary<int, long>();
        var end = new Dictionary<int, long>();
        for (int i = 0; i < _taskSteps.Length; i++)
        {
            if (_taskStartThread[i] != _taskEndThread[i])
                throw new InvalidOperationException($"Task {i} moved from thread {_taskStartThread[i]} to {_taskEndThread[i]} inside the window.");
            int t = _taskStartThread[i];
            start[t] = start.TryGetValue(t, out long s) ? Math.Min(s, _taskStartAllocated[i]) : _taskStartAllocated[i];
            end[t] = end.TryGetValue(t, out long e) ? Math.Max(e, _taskEndAllocated[i]) : _taskEndAllocated[i];
        }
        return start.Keys.Sum(t => end[t] - start[t]);
    }

    /// <summary>CPU time of the whole process (user + system), the figure least affected by other processes.</summary>
    private static TimeSpan ProcessCpu() => Environment.CpuUsage.TotalTime; // no allocation, unlike Process
}

/// <summary>Reports every step of task <c>task</c> to the shared <see cref="RoundMeter"/>.</summary>
internal sealed class MeteredEnv(IEnv inner, RoundMeter meter, int task) : Wrapper(inner)
{
    public override StepResult Step(int action)
    {
        meter.BeforeStep(task);
        return Inner.Step(action);
    }
}
