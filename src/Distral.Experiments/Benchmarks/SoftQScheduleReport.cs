namespace Distral.Experiments;

/// <summary>
/// The thesis-schedule figures of <see cref="SoftQScheduleBenchmark.Measure"/> and, if measured, the distillation
/// students' updates (same process, right after) and the kernels'.
/// </summary>
public sealed record SoftQScheduleReport(SoftQScheduleBenchmarkOptions Options, SoftQScheduleResult Result, KernelFigures? Kernels,
    IReadOnlyList<DistillationBenchmarkResult>? Distillation = null)
{
    /// <summary>What the distillation students are taught by in the benchmark (reported with the figures).</summary>
    public const string DistillationTeachers = "freshly initialised sql-independent soft-Q columns 3-64-128-64-4, one per task (the cost does not depend on their values)";

    /// <summary>Soft-Q task updates (one task, batch 128, targets included) per second of the schedule's timed rounds.</summary>
    public double SoftQTaskUpdatesPerSecond => Result.TaskUpdates / Result.Seconds;

    /// <summary>The report as <c>distral bench --json</c> prints it.</summary>
    public string ToJson() => BenchmarkJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("implementation", "distral.net");
        w.WriteNumber("threads", Options.GemmThreads);
        w.WriteNumber("task_threads", Options.TaskThreads);
        Result.WriteJsonFields(w);
        if (Distillation is not null)
        {
            w.WriteStartObject("distillation");
            w.WriteString("teachers", DistillationTeachers);
            w.WriteNumber("softq_task_updates_per_second", BenchmarkJson.Round(SoftQTaskUpdatesPerSecond, 3));
            w.WriteNumber("softq_states_per_second", BenchmarkJson.Round(SoftQTaskUpdatesPerSecond * Result.Batch, 1));
            w.WriteStartArray("students");
            foreach (var student in Distillation) student.WriteJson(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        Kernels?.WriteJson(w, "kernels");
        w.WriteEndObject();
    });
}
