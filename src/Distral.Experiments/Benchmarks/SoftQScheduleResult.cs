using System.Text.Json;

namespace Distral.Experiments;

/// <summary>What one timed window of the Distral soft-Q schedule did and how long it took (<see cref="SoftQScheduleBenchmark"/>).</summary>
public readonly record struct SoftQScheduleResult(
    int Tasks, int Batch, int TaskThreads, int WarmupRounds, int Rounds, long EnvSteps, long TaskUpdates, long DistillUpdates,
    double Seconds, double CpuSeconds, long AllocatedBytes, long ProcessAllocatedBytes)
{
    public double StepsPerSecond => EnvSteps / Seconds;

    /// <summary>Env steps per second of process CPU time, the figure least affected by other processes.</summary>
    public double StepsPerCpuSecond => EnvSteps / Math.Max(CpuSeconds, 1e-9);

    public double MicrosecondsPerRound => Seconds * 1e6 / Rounds;
    public double CpuMicrosecondsPerRound => CpuSeconds * 1e6 / Rounds;
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

    /// <summary>The fields of this window in <c>distral bench --json</c> (one row of the scaling tables).</summary>
    internal void WriteJsonFields(Utf8JsonWriter w)
    {
        w.WriteNumber("tasks", Tasks);
        w.WriteNumber("batch", Batch);
        w.WriteNumber("task_threads", TaskThreads);
        w.WriteNumber("warmup_rounds", WarmupRounds);
        w.WriteNumber("rounds", Rounds);
        w.WriteNumber("env_steps", EnvSteps);
        w.WriteNumber("task_updates", TaskUpdates);
        w.WriteNumber("distill_updates", DistillUpdates);
        w.WriteNumber("seconds", BenchmarkJson.Round(Seconds, 6));
        w.WriteNumber("steps_per_second", BenchmarkJson.Round(StepsPerSecond, 3));
        w.WriteNumber("cpu_seconds", BenchmarkJson.Round(CpuSeconds, 6));
        w.WriteNumber("steps_per_cpu_second", BenchmarkJson.Round(StepsPerCpuSecond, 3));
        w.WriteNumber("microseconds_per_round", BenchmarkJson.Round(MicrosecondsPerRound, 3));
        w.WriteNumber("microseconds_per_step", BenchmarkJson.Round(MicrosecondsPerStep, 3));
        w.WriteNumber("cpu_microseconds_per_round", BenchmarkJson.Round(CpuMicrosecondsPerRound, 3));
        w.WriteNumber("allocated_bytes_per_round", BenchmarkJson.Round(AllocatedBytesPerRound, 3));
        w.WriteNumber("process_allocated_bytes_per_round", BenchmarkJson.Round(ProcessAllocatedBytesPerRound, 3));
        w.WriteNumber("gemm_mflop_per_round", BenchmarkJson.Round(GemmFlopsPerRound / 1e6, 3));
        w.WriteNumber("effective_gflops", BenchmarkJson.Round(Gflops, 2));
        w.WriteNumber("effective_gflops_per_cpu_second", BenchmarkJson.Round(GflopsPerCpuSecond, 2));
    }
}
