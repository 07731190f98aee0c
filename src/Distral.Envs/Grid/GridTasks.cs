namespace Distral.Envs;

/// <summary>Registers the built-in gridworld tasks: plan1..plan8 and the two-room-random family.</summary>
public static class GridTasks
{
    /// <summary>Adds plan1..plan8 and two-room-random to <paramref name="registry"/>.</summary>
    public static void RegisterAll(TaskRegistry registry)
    {
        for (int k = 1; k <= ThesisPlans.Count; k++)
        {
            var map = ThesisPlans.Map(k);
            string description = k >= 4
                ? $"thesis plan {k}: two rooms and a corridor, fixed start and goal"
                : $"thesis plan {k}: fixed start and goal";
            registry.Register(FromMap($"plan{k}", description, map));
        }
        registry.Register(new TaskSpec(TwoRoomRandom.Name,
            "paper gridworld: two rooms and a corridor, a random goal per task ('two-room-random:k'), random start each episode",
            seed => TwoRoomRandom.Create(0, seed ?? 0))
        {
            Rows = 9,
            Cols = 10,
            Member = k => FromMap($"{TwoRoomRandom.Name}:{k}",
                $"two-room-random task {k}: goal drawn from {k}, random start each episode", TwoRoomRandom.Map(k)),
        });
    }

    /// <summary>A task spec for a map (metadata filled from the map; shortest path null when the start is random).</summary>
    public static TaskSpec FromMap(string name, string description, GridMap map)
    {
        int? shortest = map.ShortestPathFromStart;
        return new TaskSpec(name, description, seed => new GridWorld(map, null, seed ?? 0))
        {
            Rows = map.Rows,
            Cols = map.Cols,
            Start = map.Start,
            Goal = map.Goal,
            ShortestPath = shortest,
            MeanShortestPath = map.MeanShortestPath,
            OptimalReturn = shortest is int s ? Math.Round(1.0 - 0.1 * s, 10) : null,
        };
    }
}
