namespace Distral.Envs;

/// <summary>
/// Per-step side information without allocation (Gymnasium's info dict, reduced to the common fields).
/// Nullable fields are null when an env does not know them.
/// </summary>
public readonly record struct EnvInfo
{
    /// <summary>Index of the current state in the env's <see cref="TabularModel"/> (tabular envs only).</summary>
    public int? StateIndex { get; init; }

    /// <summary>On the step that ends an episode: whether the task's goal was reached (null if not applicable).</summary>
    public bool? IsSuccess { get; init; }

    /// <summary>Return of the finished episode; set by <see cref="EpisodeStatistics"/> on the step that ends it.</summary>
    public double? EpisodeReturn { get; init; }

    /// <summary>Length in steps of the finished episode; set by <see cref="EpisodeStatistics"/> on the final step.</summary>
    public int? EpisodeLength { get; init; }

    /// <summary>True on the step where <see cref="TimeLimit"/> cut the episode.</summary>
    public bool TimeLimitReached { get; init; }
}
