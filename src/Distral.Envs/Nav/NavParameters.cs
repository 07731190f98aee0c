namespace Distral.Envs;

/// <summary>
/// Settings of the nav-* tasks (maps regenerated every episode). Each task uses the fields that concern it;
/// the defaults are the registered tasks' settings, except <see cref="MaxEpisodeSteps"/>, which the task
/// registrations set per task.
/// </summary>
public sealed record NavParameters
{
    /// <summary>Maze cells per column; the map has 2 * CellRows + 1 tile rows.</summary>
    public int CellRows { get; init; } = 4;

    /// <summary>Maze cells per row; the map has 2 * CellCols + 1 tile columns.</summary>
    public int CellCols { get; init; } = 4;

    /// <summary>Fraction of inner walls knocked out after the perfect maze, creating loops.</summary>
    public float LoopFraction { get; init; } = 0.2f;

    /// <summary>Side of the square egocentric view (odd).</summary>
    public int ViewSize { get; init; } = 7;

    /// <summary>Turn-and-forward (default) or 4-way moves.</summary>
    public MazeActionMode ActionMode { get; init; } = MazeActionMode.Egocentric;

    /// <summary>Reward for reaching the goal (find-goal, repeat-goal, doors).</summary>
    public float GoalReward { get; init; } = 1f;

    /// <summary>Reward added on every step (a step cost when negative).</summary>
    public float StepReward { get; init; }

    /// <summary>nav-return-items: number of items to fetch.</summary>
    public int NumItems { get; init; } = 3;

    /// <summary>nav-return-items: reward for picking an item up.</summary>
    public float PickupReward { get; init; } = 0.1f;

    /// <summary>nav-return-items: reward per item delivered to the start pad.</summary>
    public float ReturnReward { get; init; } = 1f;

    /// <summary>nav-doors: number of doors (placed in one-tile corridors between maze cells).</summary>
    public int NumDoors { get; init; } = 4;

    /// <summary>nav-doors: each door repeats a cycle of this many steps...</summary>
    public int DoorPeriod { get; init; } = 8;

    /// <summary>...of which it is open for this many (with a random phase per door and episode).</summary>
    public int DoorOpenSteps { get; init; } = 4;

    /// <summary>The customary episode limit (TaskSpec.MaxEpisodeSteps); the env does not truncate by itself, wrap it with TimeLimit.</summary>
    public int MaxEpisodeSteps { get; init; } = 200;

    internal void Validate()
    {
        if (CellRows < 1 || CellCols < 1 || CellRows * CellCols < 2 || !(LoopFraction >= 0 && LoopFraction <= 1)
            || ViewSize < 1 || ViewSize % 2 == 0 || NumItems < 1 || NumItems >= CellRows * CellCols || NumDoors < 0
            || DoorPeriod < 1 || DoorOpenSteps < 1 || DoorOpenSteps > DoorPeriod || MaxEpisodeSteps <= 0
            || !float.IsFinite(GoalReward) || !float.IsFinite(StepReward) || !float.IsFinite(PickupReward) || !float.IsFinite(ReturnReward))
            throw new ArgumentException($"Invalid navigation parameters: {this}.");
    }

    internal static NavParameters Checked(NavParameters? parameters)
    {
        parameters ??= new NavParameters();
        parameters.Validate();
        return parameters;
    }
}
