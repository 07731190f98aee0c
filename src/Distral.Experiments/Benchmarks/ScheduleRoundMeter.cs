using System.Diagnostics;
using Distral.Agents.SoftQ;

namespace Distral.Experiments;

/// <summary>
/// Counts env steps per task and marks the timed window of <see cref="SoftQScheduleBenchmark"/>. Every task steps
/// once per round, so the round of a step is its task's step count; task phases may run on several threads (each
/// task on one at a time, rounds separated by the agent's barrier), so per-task counters need no locks and the
/// window stamps are claimed atomically. Allocation is counted twice: per agent thread (each task's first step of
/// the window and of the one-past-last round read its thread's counter; a thread's tasks span its whole work between
/// the two) and for the whole process (runtime background threads included). Soft-Q updates are derived from the
/// agent's documented rule: a step updates (UpdatesPerStep times) once its task's replay, after the push, holds
/// MinReplayToLearn transitions.
/// </summary>
internal sealed class ScheduleRoundMeter(int tasks, int startRound, int timedRounds, SoftQOptions options, CancellationTokenSource cancel)
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
