namespace Distral.Envs;

/// <summary>
/// nav-repeat-goal: every episode a new maze and one goal on a random tile. Each time the agent reaches the goal
/// it gets <see cref="NavParameters.GoalReward"/> (+1) and respawns on a random tile with a random heading; the
/// goal stays, so remembering where it is pays. The episode never terminates (only the time limit ends it).
/// </summary>
public sealed class NavRepeatGoalEnv : NavigationEnv
{
    /// <summary>Creates the env; <paramref name="seed"/> seeds the maps and starts.</summary>
    public NavRepeatGoalEnv(NavParameters? parameters = null, int seed = 0)
        : base((parameters = NavParameters.Checked(parameters)).CellRows, parameters.CellCols, parameters.ViewSize, parameters.ActionMode, seed)
    {
        Parameters = parameters;
    }

    /// <summary>The settings of this task.</summary>
    public NavParameters Parameters { get; }

    /// <summary>Goals reached in the current episode.</summary>
    public int GoalsReached { get; private set; }

    protected override EnvInfo OnReset(Span<float> observation)
    {
        GenerateMaze(Random, Parameters.LoopFraction);
        Grid.Tiles[RandomTileIndex(Random, MazeTile.Floor)] = MazeTile.Goal;
        PlaceAgent(Random);
        GoalsReached = 0;
        Grid.Render(observation);
        return default;
    }

    protected override StepOutcome OnStep(int action, Span<float> observation)
    {
        float reward = Parameters.StepReward;
        if (Grid.Apply(action) && Grid.Tiles[Grid.AgentIndex] == MazeTile.Goal)
        {
            reward += Parameters.GoalReward;
            GoalsReached++;
            PlaceAgent(Random);
        }
        Grid.Render(observation);
        return new StepOutcome(reward, false);
    }
}
