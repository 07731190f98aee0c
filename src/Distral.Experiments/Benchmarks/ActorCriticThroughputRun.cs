using Distral.Agents.ActorCritic;

namespace Distral.Experiments;

/// <summary>What one timed window of an actor-critic agent did and how long it took (<see cref="ActorCriticThroughputBenchmark"/>).</summary>
public readonly record struct ActorCriticThroughputRun(
    ActorCriticWorkersMode Mode, int Threads, int Repeat, double Seconds, long EnvSteps, long Updates, double CpuSeconds, long AllocatedBytes,
    int Gen0Collections)
{
    /// <summary>The mode as the reports name it: async or sync.</summary>
    public string ModeName => Mode == ActorCriticWorkersMode.Sync ? "sync" : "async";

    /// <summary>The configuration's label: async-1, async-2 or sync.</summary>
    public string Label => Mode == ActorCriticWorkersMode.Sync ? "sync" : $"async-{Threads}";

    public double StepsPerSecond => EnvSteps / Seconds;

    public double StepsPerCpuSecond => EnvSteps / Math.Max(CpuSeconds, 1e-9);

    /// <summary>Whole-process managed allocation per update (async: one learner's unroll; sync: every copy's).</summary>
    public double AllocatedBytesPerUpdate => Updates == 0 ? 0 : (double)AllocatedBytes / Updates;
}
