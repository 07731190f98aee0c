namespace Distral.Experiments;

/// <summary>The thesis-schedule figures of <see cref="SoftQScheduleBenchmark.Measure"/> and, if measured, the kernels'.</summary>
public sealed record SoftQScheduleReport(SoftQScheduleBenchmarkOptions Options, SoftQScheduleResult Result, KernelFigures? Kernels)
{
    /// <summary>The report as <c>distral bench --json</c> prints it.</summary>
    public string ToJson() => BenchmarkJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("implementation", "distral.net");
        w.WriteNumber("threads", Options.GemmThreads);
        w.WriteNumber("task_threads", Options.TaskThreads);
        Result.WriteJsonFields(w);
        Kernels?.WriteJson(w, "kernels");
        w.WriteEndObject();
    });
}
