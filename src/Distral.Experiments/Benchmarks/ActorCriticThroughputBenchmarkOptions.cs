namespace Distral.Experiments;

/// <summary>What <see cref="ActorCriticThroughputBenchmark.Measure"/> runs.</summary>
public sealed record ActorCriticThroughputBenchmarkOptions
{
    /// <summary>Timed seconds per run.</summary>
    public double Seconds { get; init; } = 3;

    /// <summary>Runs of each configuration; the summaries take the best and the median.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Untimed seconds before each timed window.</summary>
    public double Warmup { get; init; } = 0.5;

    /// <summary>The algorithm (one of <see cref="ActorCriticThroughputBenchmark.Algorithms"/>).</summary>
    public string Algorithm { get; init; } = "kl-2col";

    /// <summary>The agent seed.</summary>
    public ulong Seed { get; init; } = 1;
}
