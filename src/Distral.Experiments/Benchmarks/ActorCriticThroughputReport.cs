namespace Distral.Experiments;

/// <summary>
/// The runs of <see cref="ActorCriticThroughputBenchmark.Measure"/> in the order they ran, the setting they ran
/// (tasks, env copies, unroll), the machine's load around them, per configuration the best and median figures,
/// and the 2-thread / 1-thread async ratio.
/// </summary>
public sealed record ActorCriticThroughputReport(
    ActorCriticThroughputBenchmarkOptions Options, int Tasks, int WorkersPerTask, int Unroll, int ProcessorCount,
    IReadOnlyList<double>? LoadAverageBefore, IReadOnlyList<double>? LoadAverageAfter, IReadOnlyList<ActorCriticThroughputRun> Runs)
{
    /// <summary>Async with one worker thread.</summary>
    public ActorCriticThroughputSummary AsyncOneThread => ActorCriticThroughputSummary.Of("async-1", Runs);

    /// <summary>Async with two worker threads.</summary>
    public ActorCriticThroughputSummary AsyncTwoThreads => ActorCriticThroughputSummary.Of("async-2", Runs);

    /// <summary>Sync mode.</summary>
    public ActorCriticThroughputSummary Sync => ActorCriticThroughputSummary.Of("sync", Runs);

    /// <summary>The three summaries in report order: async-1, async-2, sync.</summary>
    public IReadOnlyList<ActorCriticThroughputSummary> Summaries => [AsyncOneThread, AsyncTwoThreads, Sync];

    /// <summary>Best env steps/s with 2 async threads over the best with 1.</summary>
    public double RatioBest => AsyncTwoThreads.BestStepsPerSecond / AsyncOneThread.BestStepsPerSecond;

    /// <summary>Median env steps/s with 2 async threads over the median with 1.</summary>
    public double RatioMedian => AsyncTwoThreads.MedianStepsPerSecond / AsyncOneThread.MedianStepsPerSecond;

    /// <summary>The report as <c>distral bench --ac --json</c> prints it.</summary>
    public string ToJson() => BenchmarkJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("implementation", "distral.net");
        w.WriteString("benchmark", "actor-critic");
        w.WriteString("algorithm", Options.Algorithm);
        w.WriteNumber("tasks", Tasks);
        w.WriteNumber("workers_per_task", WorkersPerTask);
        w.WriteNumber("unroll", Unroll);
        w.WriteNumber("seconds_per_run", Options.Seconds);
        w.WriteNumber("repeats", Options.Repeats);
        w.WriteNumber("processor_count", ProcessorCount);
        BenchmarkJson.WriteNumbersOrNull(w, "load_average_before", LoadAverageBefore);
        BenchmarkJson.WriteNumbersOrNull(w, "load_average_after", LoadAverageAfter);
        w.WriteStartArray("runs");
        foreach (var r in Runs)
        {
            w.WriteStartObject();
            w.WriteString("configuration", r.Label);
            w.WriteString("mode", r.ModeName);
            w.WriteNumber("threads", r.Threads);
            w.WriteNumber("repeat", r.Repeat);
            w.WriteNumber("seconds", BenchmarkJson.Round(r.Seconds, 6));
            w.WriteNumber("env_steps", r.EnvSteps);
            w.WriteNumber("updates", r.Updates);
            w.WriteNumber("steps_per_second", BenchmarkJson.Round(r.StepsPerSecond, 3));
            w.WriteNumber("cpu_seconds", BenchmarkJson.Round(r.CpuSeconds, 6));
            w.WriteNumber("steps_per_cpu_second", BenchmarkJson.Round(r.StepsPerCpuSecond, 3));
            w.WriteNumber("allocated_bytes", r.AllocatedBytes);
            w.WriteNumber("allocated_bytes_per_update", BenchmarkJson.Round(r.AllocatedBytesPerUpdate, 3));
            w.WriteNumber("gen0_collections", r.Gen0Collections);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("summary");
        foreach (var s in Summaries)
        {
            w.WriteStartObject(s.Label);
            w.WriteNumber("runs", s.Runs);
            w.WriteNumber("best_steps_per_second", BenchmarkJson.Round(s.BestStepsPerSecond, 3));
            w.WriteNumber("median_steps_per_second", BenchmarkJson.Round(s.MedianStepsPerSecond, 3));
            w.WriteNumber("median_steps_per_cpu_second", BenchmarkJson.Round(s.MedianStepsPerCpuSecond, 3));
            w.WriteNumber("median_allocated_bytes_per_update", BenchmarkJson.Round(s.MedianAllocatedBytesPerUpdate, 3));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteNumber("ratio_best", BenchmarkJson.Round(RatioBest, 4));
        w.WriteNumber("ratio_median", BenchmarkJson.Round(RatioMedian, 4));
        w.WriteEndObject();
    });
}
