namespace Distral.Envs;

/// <summary>
/// nav-find-goal: every episode a new maze, a goal on a random tile and the agent on another random tile with a
/// random heading. Reaching the goal gives <see cref="NavParameters.GoalReward"/> (+1) and ends the episode.
/// </summary>
public sealed class NavFindGoalEnv : NavigationEnv
{
    /// <summary>Creates the env; <paramref name="seed"/> seeds the maps and starts.</summary>
    public NavFindGoalEnv(NavParameters? parameters = null, int seed = 0)
        : base((parameters = NavParameters.Checked(parameters)).CellRows, parameters.CellCols, parameters.ViewSize, parameters.ActionMode, seed)
    {
        Parameters = parameters;
    }

    /// <summary>The settings of this task.</summary>
    public NavParameters Parameters { get; }

    protected override EnvInfo OnReset(Span<float> observation)
    {
        GenerateMaze(Random, Parameters.LoopFraction);
        Grid.Tiles[RandomTileIndex(Random, MazeTile.Floor)] = MazeTile.Goal;
        PlaceAgent(Random);
        Grid.Render(observation);
        return default;
    }

    protected override StepOutcome OnStep(int action, Span<float> observation)
    {
        float reward = Parameters.StepReward;
        bool terminated = Grid.Apply(action) && Grid.Tiles[Grid.AgentIndex] == MazeTile.Goal;
        if (terminated) reward += Parameters.GoalReward;
        Grid.Render(observation);
        return new StepOutcome(reward, terminated, false, terminated ? new EnvInfo { IsSuccess = true } : default);
    }
}
