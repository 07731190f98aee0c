using BenchmarkDotNet.Attributes;
using Distral.Agents;
using Distral.Agents.SoftQ;
using Distral.Envs;

namespace Distral.Benchmarks;

/// <summary>
/// One round of the thesis Distral 2col soft-Q schedule on plans 4-8 (5 env steps, 5 soft-Q updates of batch 128,
/// one distillation update over 640 rows), with 1 or 2 task threads; should allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class SoftQRoundBenchmarks
{
    private SoftQDistral? _agent;

    /// <summary>SoftQOptions.Threads.</summary>
    [Params(1, 2)]
    public int TaskThreads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var envs = new IEnv[5];
        for (int i = 0; i < envs.Length; i++) envs[i] = new TimeLimit(TaskRegistry.Default.Make($"plan{4 + i}", 1 + i), 1000);
        _agent = new SoftQDistral(envs, SoftQOptions.Distral2Col with { Threads = TaskThreads }, 1);
        _agent.RunRounds(200, NullTrainingObserver.Instance); // replays past the batch size: every round updates
    }

    [GlobalCleanup]
    public void Cleanup() => _agent?.StopWorkers();

    [Benchmark]
    public void Round() => _agent!.RunRounds(1, NullTrainingObserver.Instance);
}
