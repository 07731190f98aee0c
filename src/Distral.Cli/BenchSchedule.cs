using System.Diagnostics;
using Distral.Agents;
using Distral.Agents.SoftQ;
using Distral.Envs;

namespace Distral.Cli;

/// <summary>What one timed window of the Distral soft-Q schedule did and how long it took.</summary>
internal readonly record struct BenchScheduleResult(
    int Tasks, int Batch, int WarmupRounds, int Rounds, long EnvSteps, long TaskUpdates, long DistillUpdates,
    double Seconds, double CpuSeconds, long AllocatedBytes)
{
    public double StepsPerSecond => EnvSteps / Seconds;
    public double MicrosecondsPerRound => Seconds * 1e6 / Rounds;
    public double MicrosecondsPerStep => Seconds * 1e6 / EnvSteps;
    public double AllocatedBytesPerRound => (double)AllocatedBytes / Rounds;

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
/// between rounds, so the round being started still completes, outside the window).
/// </summary>
internal static class BenchSchedule
{
    /// <summary>Plans 4..8, reused cyclically for more than 5 tasks.</summary>
    private static readonly int[] Plans = [4, 5, 6, 7, 8];

    /// <summary>Thesis time limit per episode.</summary>
    private const int MaxEpisodeSteps = 1000;

    /// <summary>Thesis settings with the given batch; learning starts once the replay holds a batch.</summary>
    public static SoftQOptions Options(int batch) =>
        SoftQOptions.Distral2Col with { BatchSize = batch, MinReplayToLearn = Math.Max(batch, SoftQOptions.Distral2Col.MinReplayToLearn) };

    /// <summary>Warm-up rounds needed so that every step of the timed window performs its soft-Q updates.</summary>
    public static int MinimumWarmup(int batch) => Options(batch).MinReplayToLearn;

    /// <summary>
    /// Builds a fresh agent on <paramref name="tasks"/> plan envs, runs <paramref name="warmup"/> untimed rounds
    /// and then times <paramref name="rounds"/> rounds.
    /// </summary>
    public static BenchScheduleResult Run(int tasks, int batch, int warmup, int rounds, ulong seed)
    {
        var options = Options(batch);
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
        return new BenchScheduleResult(tasks, batch, warmup, rounds, meter.WindowSteps, meter.WindowTaskUpdates,
            options.Distilled ? rounds : 0, Stopwatch.GetElapsedTime(meter.StartTimestamp, meter.EndTimestamp).TotalSeconds,
            (meter.EndCpu - meter.StartCpu).TotalSeconds, meter.EndAllocated - meter.StartAllocated);
    }
}

/// <summary>
/// Counts env steps across the tasks of one agent (task order inside a round is 0..n-1) and marks the timed
/// window. Soft-Q updates are derived from the agent's documented rule: a step updates (UpdatesPerStep times)
/// once its task's replay, after the push, holds MinReplayToLearn transitions.
/// </summary>
internal sealed class RoundMeter(int tasks, int startRound, int timedRounds, SoftQOptions options, CancellationTokenSource cancel)
{
    private readonly long[] _taskSteps = new long[tasks];
    private long _steps;

    public long StartTimestamp { get; private set; }
    public long EndTimestamp { get; private set; }
    public long StartAllocated { get; private set; }
    public long EndAllocated { get; private set; }
    public TimeSpan StartCpu { get; private set; }
    public TimeSpan EndCpu { get; private set; }
    public long WindowSteps { get; private set; }
    public long WindowTaskUpdates { get; private set; }
    public bool Finished { get; private set; }

    public void BeforeStep(int task)
    {
        long round = _steps / tasks;
        if (_steps % tasks == 0)
        {
            if (round == startRound)
            {
                StartCpu = ProcessCpu(); // before the allocation stamp: reading it allocates
                StartAllocated = GC.GetAllocatedBytesForCurrentThread();
                StartTimestamp = Stopwatch.GetTimestamp();
            }
            else if (round == startRound + timedRounds)
            {
                EndTimestamp = Stopwatch.GetTimestamp();
                EndAllocated = GC.GetAllocatedBytesForCurrentThread();
                EndCpu = ProcessCpu();
                Finished = true;
                cancel.Cancel();
            }
        }
        long replayAfterPush = Math.Min(_taskSteps[task] + 1, options.ReplayCapacity);
        if (round >= startRound && round < startRound + timedRounds)
        {
            WindowSteps++;
            if (replayAfterPush >= options.MinReplayToLearn) WindowTaskUpdates += options.UpdatesPerStep;
        }
        _taskSteps[task]++;
        _steps++;
    }

    /// <summary>CPU time of the whole process (user + system), the figure least affected by other processes.</summary>
    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
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
