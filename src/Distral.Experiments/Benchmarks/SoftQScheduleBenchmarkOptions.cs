namespace Distral.Experiments;

/// <summary>What <see cref="SoftQScheduleBenchmark.Measure"/> and <see cref="SoftQScheduleBenchmark.MeasureScaling"/> run.</summary>
public sealed record SoftQScheduleBenchmarkOptions
{
    /// <summary>
    /// Timed rounds; null: <see cref="SoftQScheduleBenchmark.DefaultRounds"/>, or
    /// <see cref="SoftQScheduleBenchmark.DefaultScalingRounds"/> per row of the scaling tables.
    /// </summary>
    public int? Rounds { get; init; }

    /// <summary>
    /// Untimed rounds first, at least <see cref="SoftQScheduleBenchmark.MinimumWarmup"/> of the batch; null: that
    /// minimum (the scaling rows add 50 rounds to it, see <see cref="SoftQScheduleBenchmark.ScalingWarmup"/>).
    /// </summary>
    public int? Warmup { get; init; }

    /// <summary>Threads per GEMM call (<see cref="Distral.Tensors.Kernels.Sgemm.MaxThreads"/>, 1 or 2) while measuring.</summary>
    public int GemmThreads { get; init; } = 1;

    /// <summary>Threads running the tasks' env steps and soft-Q updates (<see cref="Distral.Agents.SoftQ.SoftQOptions.Threads"/>).</summary>
    public int TaskThreads { get; init; } = 1;

    /// <summary>The agent seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// Also time the distillation students' updates (<see cref="DistillationBenchmark"/>), <see cref="Rounds"/> of
    /// them each (or <see cref="SoftQScheduleBenchmark.DefaultRounds"/>), after the schedule.
    /// </summary>
    public bool Distillation { get; init; }

    /// <summary>Also measure the kernel figures (<see cref="KernelBenchmark"/>) after the schedule.</summary>
    public bool Kernels { get; init; } = true;
}
