namespace Distral.Envs;

/// <summary>Settings of the fixed procedurally generated mazes (maze-0, maze-1, ...).</summary>
public sealed record MazeParameters
{
    /// <summary>Maze cells per column; the map has 2 * CellRows + 1 tile rows.</summary>
    public int CellRows { get; init; } = 5;

    /// <summary>Maze cells per row; the map has 2 * CellCols + 1 tile columns.</summary>
    public int CellCols { get; init; } = 5;

    /// <summary>Fraction of inner walls knocked out after the perfect maze, creating loops.</summary>
    public float LoopFraction { get; init; } = 0.15f;

    /// <summary>Base seed of the layouts: maze k uses a generator derived from (LayoutSeed, k).</summary>
    public ulong LayoutSeed { get; init; } = 20170713;

    /// <summary>Number of small reward items (each collected once per episode).</summary>
    public int NumItems { get; init; } = 4;

    /// <summary>Reward for collecting an item.</summary>
    public float ItemReward { get; init; } = 0.1f;

    /// <summary>Reward for reaching the goal.</summary>
    public float GoalReward { get; init; } = 1f;

    /// <summary>Reward added on every step (a step cost when negative).</summary>
    public float StepReward { get; init; }

    /// <summary>
    /// False (default): reaching the goal terminates the episode. True: the agent respawns at a random tile and
    /// the episode continues until the time limit (DeepMind Lab style).
    /// </summary>
    public bool RespawnAtGoal { get; init; }

    /// <summary>Side of the square egocentric view (odd).</summary>
    public int ViewSize { get; init; } = 7;

    /// <summary>Turn-and-forward (default) or 4-way moves.</summary>
    public MazeActionMode ActionMode { get; init; } = MazeActionMode.Egocentric;

    /// <summary>The customary episode limit (TaskSpec.MaxEpisodeSteps); the env does not truncate by itself, wrap it with TimeLimit.</summary>
    public int MaxEpisodeSteps { get; init; } = 200;

    internal void Validate()
    {
        if (CellRows < 1 || CellCols < 1 || !(LoopFraction >= 0 && LoopFraction <= 1) || NumItems < 0
            || NumItems > CellRows * CellCols * 2 || ViewSize < 1 || ViewSize % 2 == 0 || MaxEpisodeSteps <= 0
            || !float.IsFinite(ItemReward) || !float.IsFinite(GoalReward) || !float.IsFinite(StepReward))
            throw new ArgumentException($"Invalid maze parameters: {this}.");
    }
}
