using System.Text.Json;

namespace Distral.Experiments;

/// <summary>
/// The scaling tables of <see cref="SoftQScheduleBenchmark.MeasureScaling"/>: one row per task count and per batch
/// size, each measured with every count of <see cref="TaskThreadCounts"/> in turn.
/// </summary>
public sealed record SoftQScalingReport(
    SoftQScheduleBenchmarkOptions Options, int Rounds, IReadOnlyList<int> TaskThreadCounts,
    IReadOnlyList<SoftQScheduleResult> ByTasks, IReadOnlyList<SoftQScheduleResult> ByBatch)
{
    /// <summary>
    /// The speed-up of each row against the 1-thread run of the same setting measured just before it, or null for
    /// 1-thread rows (and rows without such a run).
    /// </summary>
    public static IReadOnlyList<double?> SpeedUps(IReadOnlyList<SoftQScheduleResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var speedUps = new double?[rows.Count];
        SoftQScheduleResult? single = null;
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.TaskThreads == 1) single = r;
            speedUps[i] = r.TaskThreads > 1 && single is { } s && s.Tasks == r.Tasks && s.Batch == r.Batch
                ? s.MicrosecondsPerRound / r.MicrosecondsPerRound
                : null;
        }
        return speedUps;
    }

    /// <summary>The report as <c>distral bench --scaling --json</c> prints it.</summary>
    public string ToJson() => BenchmarkJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("implementation", "distral.net");
        w.WriteNumber("threads", Options.GemmThreads);
        w.WriteNumber("task_threads", Options.TaskThreads);
        w.WriteNumber("rounds", Rounds);
        WriteTable(w, "by_tasks", ByTasks);
        WriteTable(w, "by_batch", ByBatch);
        w.WriteEndObject();
    });

    private static void WriteTable(Utf8JsonWriter w, string name, IEnumerable<SoftQScheduleResult> rows)
    {
        w.WriteStartArray(name);
        foreach (var r in rows)
        {
            w.WriteStartObject();
            r.WriteJsonFields(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
