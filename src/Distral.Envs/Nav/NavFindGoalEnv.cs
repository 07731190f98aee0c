namespace Distral.Envs;

/// <summary>
/// nav-find-goal: every episode a new maze, a goal on a random tile and the agent on another random tile with a
/// random heading. Reaching the goal gives <see cref="NavParameters.GoalReward"/> (+1) and ends the episode.
/// </summary>
public sealed class NavFindGoalEnv : NavTaskEnv
{
    /// <summary>Creates the env; <paramref name="seed"/> seeds the maps and starts.</summary>
    public NavFindGoalEnv(NavParameters? parameters = null, int seed = 0)
        : base(parameters, seed)
    {
    }

    private protected override void StartEpisode()
    {
        GenerateMaze();
        PlaceGoalAndAgent();
    }
}
