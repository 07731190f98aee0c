using System.Text.Json;
using Distral.Agents.PolicyDistillation;

namespace Distral.Experiments;

/// <summary>
/// The timed updates of one distillation student (<see cref="DistillationBenchmark"/>). Each update fits every task
/// once on <see cref="StatesPerTask"/> states (a "task fit", comparable with one soft-Q task update).
/// </summary>
public readonly record struct DistillationBenchmarkResult(
    string Name, StudentLoss Loss, float Tau, bool FeatureRegression, IReadOnlyList<int> HiddenSizes, int StudentParameters, int TeacherParameters,
    int Tasks, int StatesPerTask, int WarmupUpdates, long Updates, double Seconds, double CpuSeconds, long AllocatedBytes)
{
    public double UpdatesPerSecond => Updates / Seconds;
    public double MicrosecondsPerUpdate => Seconds * 1e6 / Updates;

    /// <summary>Process CPU time per update, the figure least affected by other processes.</summary>
    public double CpuMicrosecondsPerUpdate => CpuSeconds * 1e6 / Updates;

    /// <summary>Task fits per second: updates x tasks.</summary>
    public double TaskFitsPerSecond => UpdatesPerSecond * Tasks;

    /// <summary>States fitted per second: updates x tasks x states per task.</summary>
    public double StatesPerSecond => TaskFitsPerSecond * StatesPerTask;

    /// <summary>Bytes allocated per update on the timing thread (the zero-allocation figure).</summary>
    public double AllocatedBytesPerUpdate => (double)AllocatedBytes / Updates;

    /// <summary>"64-128-64".</summary>
    public string Hidden => string.Join("-", HiddenSizes);

    internal void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("name", Name);
        w.WriteString("loss", Loss.ToString().ToLowerInvariant());
        w.WriteNumber("tau", BenchmarkJson.Round(Tau, 6));
        w.WriteBoolean("feature_regression", FeatureRegression);
        w.WriteString("hidden", Hidden);
        w.WriteNumber("student_parameters", StudentParameters);
        w.WriteNumber("teacher_parameters", TeacherParameters);
        w.WriteNumber("student_tasks", Tasks);
        w.WriteNumber("states_per_task", StatesPerTask);
        w.WriteNumber("warmup_updates", WarmupUpdates);
        w.WriteNumber("updates", Updates);
        w.WriteNumber("seconds", BenchmarkJson.Round(Seconds, 6));
        w.WriteNumber("cpu_seconds", BenchmarkJson.Round(CpuSeconds, 6));
        w.WriteNumber("updates_per_second", BenchmarkJson.Round(UpdatesPerSecond, 3));
        w.WriteNumber("microseconds_per_update", BenchmarkJson.Round(MicrosecondsPerUpdate, 3));
        w.WriteNumber("cpu_microseconds_per_update", BenchmarkJson.Round(CpuMicrosecondsPerUpdate, 3));
        w.WriteNumber("task_fits_per_second", BenchmarkJson.Round(TaskFitsPerSecond, 3));
        w.WriteNumber("states_per_second", BenchmarkJson.Round(StatesPerSecond, 1));
        w.WriteNumber("allocated_bytes_per_update", BenchmarkJson.Round(AllocatedBytesPerUpdate, 3));
        w.WriteEndObject();
    }
}
