namespace Distral.Envs;

/// <summary>
/// nav-repeat-goal: every episode a new maze and one goal on a random tile. Each time the agent reaches the goal
/// it gets <see cref="NavParameters.GoalReward"/> (+1) and respawns on a random tile with a random heading; the
/// goal stays, so remembering where it is pays. The episode never terminates (only the time limit ends it).
/// </summary>
public sealed class NavRepeatGoalEnv : NavTaskEnv
{
    /// <summary>Creates the env; <paramref name="seed"/> seeds the maps and starts.</summary>
    public NavRepeatGoalEnv(NavParameters? parameters = null, int seed = 0)
        : base(parameters, seed)
    {
    }

    /// <summary>Goals reached in the current episode.</summary>
    public int GoalsReached { get; private set; }

    private protected override void StartEpisode()
    {
        GenerateMaze();
        PlaceGoalAndAgent();
        GoalsReached = 0;
    }

    private protected override void SaveTaskState(BinaryWriter writer) => writer.Write(GoalsReached);

    private protected override Action ReadTaskState(BinaryReader reader, MazeTile[] tiles)
    {
        int goals = reader.ReadInt32InRange("nav-repeat-goal goals reached", 0, int.MaxValue);
        return () => GoalsReached = goals;
    }

    private protected override bool EnterTile(int index, ref float reward)
    {
        if (Grid.Tiles[index] != MazeTile.Goal) return false;
        reward += Parameters.GoalReward;
        GoalsReached++;
        PlaceAgent(Random);
        return false;
    }
}
