namespace Distral.Envs.Tests;

/// <summary>
/// Test-side navigation: its own BFS over the env's tiles (doors count as passable) and a greedy follower that
/// turns towards, then steps onto, the neighbour closest to the target.
/// </summary>
internal static class NavTestPlanner
{
    // Goals and items trigger events, so paths avoid them unless they are the target (or nothing else works).
    private static bool Passable(MazeTile tile, bool strict) =>
        tile != MazeTile.Wall && (!strict || tile is not (MazeTile.Goal or MazeTile.Item));

    /// <summary>BFS distances to the nearest tile satisfying <paramref name="isTarget"/>; -1 where unreachable.</summary>
    public static int[,] DistancesTo(NavigationEnv env, Func<int, int, bool> isTarget)
    {
        var strict = DistancesTo(env, isTarget, true);
        var at = env.AgentPosition;
        return strict[at.Row, at.Col] >= 0 ? strict : DistancesTo(env, isTarget, false);
    }

    public static int[,] DistancesTo(NavigationEnv env, Func<int, int, bool> isTarget, bool strict)
    {
        var distance = new int[env.Rows, env.Cols];
        var queue = new Queue<(int, int)>();
        for (int r = 0; r < env.Rows; r++)
            for (int c = 0; c < env.Cols; c++)
            {
                distance[r, c] = -1;
                if (isTarget(r, c))
                {
                    distance[r, c] = 0;
                    queue.Enqueue((r, c));
                }
            }
        while (queue.Count > 0)
        {
            var (r, c) = queue.Dequeue();
            foreach (var (dr, dc) in Directions)
            {
                int nr = r + dr, nc = c + dc;
                if (nr < 0 || nc < 0 || nr >= env.Rows || nc >= env.Cols || distance[nr, nc] >= 0 || !Passable(env.TileAt(nr, nc), strict)) continue;
                distance[nr, nc] = distance[r, c] + 1;
                queue.Enqueue((nr, nc));
            }
        }
        return distance;
    }

    /// <summary>North, east, south, west as (row, col) deltas, indexed like the env's heading.</summary>
    public static readonly (int Dr, int Dc)[] Directions = [(-1, 0), (0, 1), (1, 0), (0, -1)];

    /// <summary>The action that moves the agent one step along a shortest path (or turns toward it).</summary>
    public static int NextAction(NavigationEnv env, int[,] distance)
    {
        var at = env.AgentPosition;
        int best = -1;
        for (int d = 0; d < 4; d++)
        {
            int nr = at.Row + Directions[d].Dr, nc = at.Col + Directions[d].Dc;
            if (nr < 0 || nc < 0 || nr >= env.Rows || nc >= env.Cols || distance[nr, nc] < 0) continue;
            if (distance[nr, nc] < distance[at.Row, at.Col]) { best = d; break; }
        }
        if (best < 0) throw new InvalidOperationException("No shortest-path neighbour: the target is unreachable.");
        if (env.ActionMode == MazeActionMode.Cardinal) return best;
        if (env.Heading == best)
        {
            // Facing a closed door: turn away and back while waiting for it to open.
            var (dr, dc) = Directions[best];
            return env.TileAt(at.Row + dr, at.Col + dc) == MazeTile.DoorClosed ? 1 : 0;
        }
        return (env.Heading + 1) % 4 == best ? 2 : 1;
    }

    /// <summary>Follows shortest paths to the target until it is reached or the budget runs out; returns the summed reward.</summary>
    public static (float Reward, bool Terminated, int Steps) GoTo(NavigationEnv env, Func<int, int, bool> isTarget, int budget = 500)
    {
        var distance = DistancesTo(env, isTarget);
        float total = 0;
        for (int t = 1; t <= budget; t++)
        {
            var r = env.Step(NextAction(env, distance));
            total += r.Reward;
            // A positive reward marks an event (goal, item): respawns may move the agent away from the target.
            if (r.Terminated || r.Reward > 0 || isTarget(env.AgentPosition.Row, env.AgentPosition.Col)) return (total, r.Terminated, t);
            distance = DistancesTo(env, isTarget); // respawns and doors can change the picture
        }
        return (total, false, budget);
    }

    public static List<(int Row, int Col)> TilesOf(NavigationEnv env, MazeTile kind)
    {
        var list = new List<(int, int)>();
        for (int r = 0; r < env.Rows; r++)
            for (int c = 0; c < env.Cols; c++)
                if (env.TileAt(r, c) == kind) list.Add((r, c));
        return list;
    }

    public static long AllocatedBytes(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
