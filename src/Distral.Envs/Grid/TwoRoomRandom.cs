using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// The paper's gridworld family: the two-room-with-corridor layout (the walls of plans 4-8), task k has
/// its own goal drawn from k (any free cell, deterministic), and every episode starts on a uniformly
/// random free non-goal cell.
/// </summary>
public static class TwoRoomRandom
{
    /// <summary>The family's registry name; members are "two-room-random:k".</summary>
    public const string Name = "two-room-random";

    /// <summary>The layout without start (random) and with the goal of task <paramref name="task"/>.</summary>
    public static GridMap Map(int task)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(task);
        var layout = ThesisPlans.Map(4);
        var free = new List<GridPoint>();
        for (int cell = 0; cell < layout.Rows * layout.Cols; cell++)
            if (layout.IsFree(layout.CellAt(cell))) free.Add(layout.CellAt(cell));
        // One generator per task index, so goals do not depend on how many tasks are requested.
        var rng = new Rng(0x7E0_0000UL + (ulong)task);
        return layout.With(null, free[rng.NextInt(free.Count)]);
    }

    /// <summary>Task <paramref name="task"/> as an env; <paramref name="seed"/> drives the random starts.</summary>
    public static GridWorld Create(int task, int seed = 0, GridWorldOptions? options = null) =>
        new(Map(task), options, seed);
}
