using System.Globalization;
using Distral.Agents;

namespace Distral.Experiments;

/// <summary>
/// CleanRL-style TensorBoard tag names: <c>charts/episodic_return/&lt;task&gt;</c>,
/// <c>charts/episodic_length/&lt;task&gt;</c>, <c>charts/SPS</c>, and the agent's scalars under <c>losses/</c>
/// (loss tags) or <c>charts/</c> (everything else, e.g. epsilon).
/// </summary>
public static class TensorBoardTags
{
    /// <summary>Environment steps per second of training.</summary>
    public const string StepsPerSecond = "charts/SPS";

    /// <summary>The episode-return tag of a task.</summary>
    public static string EpisodicReturn(string task) => "charts/episodic_return/" + task;

    /// <summary>The episode-length tag of a task.</summary>
    public static string EpisodicLength(string task) => "charts/episodic_length/" + task;

    /// <summary>
    /// The TensorBoard tag of an agent's diagnostic: losses under <c>losses/</c>, schedules and statistics under
    /// <c>charts/</c>, then the name and, for one task's diagnostic, <c>task&lt;i&gt;</c>
    /// (soft-Q loss of task 0 -> "losses/softq/task0", epsilon of task 0 -> "charts/epsilon/task0",
    /// distillation loss -> "losses/distill", actor-critic entropy -> "charts/ac/entropy").
    /// </summary>
    public static string ForDiagnostic(in TrainingDiagnostic diagnostic)
    {
        string root = diagnostic.IsLoss ? "losses/" : "charts/";
        return diagnostic.HasTask
            ? string.Create(CultureInfo.InvariantCulture, $"{root}{diagnostic.Name}/task{diagnostic.Task}")
            : root + diagnostic.Name;
    }
}
