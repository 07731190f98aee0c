namespace Distral.Agents;

/// <summary>One finished episode of one task.</summary>
/// <param name="Task">Task index.</param>
/// <param name="Episode">The task's 0-based episode number.</param>
/// <param name="Steps">Episode length in environment steps.</param>
/// <param name="Return">Undiscounted sum of the raw rewards.</param>
/// <param name="EnvStepsTotal">The agent's total environment steps (all tasks) when the episode ended.</param>
public readonly record struct EpisodeRecord(int Task, int Episode, int Steps, double Return, long EnvStepsTotal);
