using System.Globalization;

namespace Distral.Agents;

/// <summary>
/// One training scalar an agent reports: what it is (<paramref name="Name"/>, e.g. "softq" or "ac/policy", and its
/// <paramref name="Kind"/>), whose it is (<paramref name="Task"/>, or <see cref="SharedTask"/> for the distilled policy
/// or a mean over tasks), its value and the agent's total env steps when it was measured. Observers use these
/// fields directly; nothing is encoded in strings to be parsed back.
/// </summary>
/// <param name="Name">A stable name without the task (constant strings, so reporting allocates nothing).</param>
/// <param name="Kind">Loss, schedule value or statistic.</param>
/// <param name="Task">The task index, or <see cref="SharedTask"/>.</param>
/// <param name="Value">The value (for losses, the mean since the previous report).</param>
/// <param name="EnvStep">The agent's total environment steps.</param>
public readonly record struct TrainingDiagnostic(string Name, DiagnosticKind Kind, int Task, double Value, long EnvStep)
{
    /// <summary>The <see cref="Task"/> of a diagnostic that belongs to no single task.</summary>
    public const int SharedTask = -1;

    /// <summary>True for a loss (which must stay finite).</summary>
    public bool IsLoss => Kind == DiagnosticKind.Loss;

    /// <summary>True when the diagnostic belongs to one task.</summary>
    public bool HasTask => Task >= 0;

    /// <summary>A readable label for messages: the name, then "task&lt;i&gt;" when it belongs to one task (allocates).</summary>
    public string Label => HasTask ? string.Create(CultureInfo.InvariantCulture, $"{Name}/task{Task}") : Name;
}
