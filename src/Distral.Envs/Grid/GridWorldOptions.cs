namespace Distral.Envs;

/// <summary>
/// Gridworld rewards and observation encoding. Defaults are the thesis settings: every step pays
/// <see cref="StepReward"/> (-0.1), bumping a wall or the border pays <see cref="BumpPenalty"/> (-0.5) on top
/// (the agent stays), and the step that reaches the goal pays <see cref="GoalReward"/> (+1) on top and
/// terminates. So the optimal undiscounted return is GoalReward + StepReward * shortest_path = 1 - 0.1 * steps.
/// </summary>
public sealed record GridWorldOptions
{
    public float StepReward { get; init; } = -0.1f;
    public float BumpPenalty { get; init; } = -0.5f;
    public float GoalReward { get; init; } = 1.0f;

    /// <summary>How the state is turned into an observation (default: the thesis encoding).</summary>
    public GridEncoder Encoder { get; init; } = GridEncoder.Thesis;

    /// <summary>The thesis defaults.</summary>
    public static GridWorldOptions Thesis { get; } = new();

    /// <summary>Lowest possible one-step reward.</summary>
    public float MinReward => Math.Min(StepReward + Math.Min(BumpPenalty, 0), StepReward + Math.Min(GoalReward, 0));

    /// <summary>Highest possible one-step reward.</summary>
    public float MaxReward => Math.Max(StepReward + Math.Max(GoalReward, 0), StepReward + Math.Max(BumpPenalty, 0));
}
