namespace Distral.Envs;

/// <summary>
/// Common base of the nav-* tasks: settings from <see cref="NavParameters"/>, a new maze every episode, and by
/// default a goal tile that pays <see cref="NavParameters.GoalReward"/> and ends the episode.
/// </summary>
public abstract class NavTaskEnv : NavigationEnv
{
    private protected NavTaskEnv(NavParameters? parameters, int seed)
        : base((parameters = NavParameters.Checked(parameters)).CellRows, parameters.CellCols, parameters.ViewSize, parameters.ActionMode, seed)
    {
        Parameters = parameters;
    }

    /// <summary>The settings of this task.</summary>
    public NavParameters Parameters { get; }

    private protected override float RewardPerStep => Parameters.StepReward;

    /// <summary>Replaces the map by a fresh maze from the env's generator.</summary>
    private protected void GenerateMaze() => GenerateMaze(Random, Parameters.LoopFraction);

    /// <summary>Puts the goal on a random floor tile, then the agent on another (this order is part of the seeded task).</summary>
    private protected void PlaceGoalAndAgent()
    {
        Grid.Tiles[RandomTileIndex(Random, MazeTile.Floor)] = MazeTile.Goal;
        PlaceAgent(Random);
    }

    private protected override bool EnterTile(int index, ref float reward)
    {
        if (Grid.Tiles[index] != MazeTile.Goal) return false;
        reward += Parameters.GoalReward;
        return true;
    }
}
