namespace Distral.Experiments;

/// <summary>
/// A training loss became NaN or infinite; training stopped and no checkpoint was written after it, so the last
/// good checkpoint (if any) stays as it was. The message is one line naming the task, loss and env step.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message, string? task, string tag, double value, long envStep)
        : base(message)
    {
        Task = task;
        Tag = tag;
        Value = value;
        EnvStep = envStep;
    }

    /// <summary>The task whose loss diverged, or null for a shared loss (e.g. distillation).</summary>
    public string? Task { get; }

    /// <summary>The loss as <see cref="Distral.Agents.TrainingDiagnostic.Label"/> names it (e.g. "softq/task0").</summary>
    public string Tag { get; }

    /// <summary>The non-finite value.</summary>
    public double Value { get; }

    /// <summary>The agent's total environment steps when it was reported.</summary>
    public long EnvStep { get; }

    /// <summary>The same failure with a sentence appended (e.g. where the last good checkpoint is).</summary>
    public TrainingDivergedException WithNote(string note) => new($"{Message}; {note}", Task, Tag, Value, EnvStep);
}
