namespace Distral.Envs;

/// <summary>
/// A registered task: a name, a one-line description, a factory and what is known about it.
/// Grid metadata (rows, cols, start, goal, shortest path) is null where the task is not a fixed grid
/// (random start, continuous state, ...).
/// </summary>
public sealed record TaskSpec(string Name, string Description, Func<int?, IEnv> Factory)
{
    public int? Rows { get; init; }
    public int? Cols { get; init; }
    public GridPoint? Start { get; init; }
    public GridPoint? Goal { get; init; }

    /// <summary>Fewest steps from start to goal (BFS), when known.</summary>
    public int? ShortestPath { get; init; }

    /// <summary>Expected fewest steps to the goal over the start distribution (random starts included), when known.</summary>
    public double? MeanShortestPath { get; init; }

    /// <summary>The optimal undiscounted return, when known (gridworlds: 1 - 0.1 * shortest path).</summary>
    public double? OptimalReturn { get; init; }

    /// <summary>The task's customary episode limit; factories do NOT apply it (wrap with TimeLimit).</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>
    /// For a family of tasks (e.g. "two-room-random"): member k, named "Name:k". Null for a single task.
    /// </summary>
    public Func<int, TaskSpec>? Member { get; init; }

    /// <summary>Creates the env; the seed (default 0) seeds its generator.</summary>
    public IEnv Create(int? seed = null) => Factory(seed);
}
