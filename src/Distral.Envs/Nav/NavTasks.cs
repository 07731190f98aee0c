namespace Distral.Envs;

/// <summary>
/// Registers the navigation tasks whose maps are regenerated every episode: nav-find-goal, nav-return-items,
/// nav-repeat-goal and nav-doors (9x9-tile mazes, egocentric 7x7 RGB view, turn/forward actions).
/// </summary>
public static class NavTasks
{
    /// <summary>Episode limits of the registered tasks.</summary>
    public const int FindGoalSteps = 150, ReturnItemsSteps = 300, RepeatGoalSteps = 300, DoorsSteps = 200;

    /// <summary>Adds the four nav-* tasks to <paramref name="registry"/>.</summary>
    public static void RegisterAll(TaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var p = new NavParameters();
        int rows = 2 * p.CellRows + 1, cols = 2 * p.CellCols + 1;
        Add("nav-find-goal", "new maze each episode: find the goal (+1, ends the episode)",
            FindGoalSteps, seed => new NavFindGoalEnv(p with { MaxEpisodeSteps = FindGoalSteps }, seed ?? 0));
        Add("nav-return-items", "new maze each episode: pick up 3 items (+0.1 each) and bring them to the start pad (+1 each)",
            ReturnItemsSteps, seed => new NavReturnItemsEnv(p with { MaxEpisodeSteps = ReturnItemsSteps }, seed ?? 0));
        Add("nav-repeat-goal", "new maze each episode: reach the goal (+1) as often as possible, respawning after each visit",
            RepeatGoalSteps, seed => new NavRepeatGoalEnv(p with { MaxEpisodeSteps = RepeatGoalSteps }, seed ?? 0));
        Add("nav-doors", "new maze each episode: find the goal (+1) through doors that open and close periodically",
            DoorsSteps, seed => new NavDoorsEnv(p with { MaxEpisodeSteps = DoorsSteps }, seed ?? 0));

        void Add(string name, string description, int maxSteps, Func<int?, IEnv> factory) =>
            registry.Register(new TaskSpec(name, description, factory) { Rows = rows, Cols = cols, MaxEpisodeSteps = maxSteps });
    }
}
