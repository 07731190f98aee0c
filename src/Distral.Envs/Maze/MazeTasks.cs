using System.Globalization;

namespace Distral.Envs;

/// <summary>
/// Registers the fixed procedurally generated mazes: maze-0 .. maze-7 (<see cref="Count"/> tasks sharing size and
/// generator, different layouts and goals) and the open-ended family "maze" ("maze:k", any k &gt;= 0; "maze:k" and
/// "maze-k" are the same maze).
/// </summary>
public static class MazeTasks
{
    /// <summary>Number of individually named mazes (maze-0 .. maze-(Count-1)).</summary>
    public const int Count = 8;

    /// <summary>Adds maze-0 .. maze-7 and the "maze" family to <paramref name="registry"/>.</summary>
    public static void RegisterAll(TaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        for (int k = 0; k < Count; k++) registry.Register(Spec($"maze-{k.ToString(CultureInfo.InvariantCulture)}", k));
        var defaults = new MazeParameters();
        registry.Register(new TaskSpec("maze",
            "fixed procedural mazes 'maze:k': 11x11 tiles, goal +1 ends the episode, 4 items +0.1, egocentric 7x7 RGB view",
            seed => new MazeEnv(0, defaults, seed ?? 0))
        {
            Rows = 2 * defaults.CellRows + 1,
            Cols = 2 * defaults.CellCols + 1,
            MaxEpisodeSteps = defaults.MaxEpisodeSteps,
            Member = k => Spec($"maze:{k.ToString(CultureInfo.InvariantCulture)}", k),
        });
    }

    private static TaskSpec Spec(string name, int k)
    {
        if (k < 0) throw new EnvException($"maze index must be >= 0 in '{name}'");
        var parameters = new MazeParameters();
        var probe = new MazeEnv(k, parameters);
        return new TaskSpec(name,
            $"procedural maze {k.ToString(CultureInfo.InvariantCulture)}: {probe.Rows}x{probe.Cols} tiles, fixed goal and items, random start each episode",
            seed => new MazeEnv(k, parameters, seed ?? 0))
        {
            Rows = probe.Rows,
            Cols = probe.Cols,
            Goal = probe.Goal,
            MaxEpisodeSteps = parameters.MaxEpisodeSteps,
        };
    }
}
