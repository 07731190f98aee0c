using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>
/// Gridworld pictures with policy arrows for the report: the distilled policy pi_0 (arrow length = probability)
/// and each task policy's greedy action, either from a live agent or rebuilt from a run's checkpoints.
/// </summary>
public static class SvgPolicyMaps
{
    /// <summary>At most this many task-policy pictures (families like two-room-random have many tasks).</summary>
    public const int MaxTaskPictures = 8;

    /// <summary>
    /// pi_0 (when the agent has one) on the first gridworld task's map, then the greedy action of each task's
    /// policy on its own map. Cells are encoded as at the start of an episode (no previous action or reward).
    /// Non-grid tasks are skipped; an empty list means no task is a gridworld.
    /// </summary>
    public static IReadOnlyList<SvgPolicyPicture> FromAgent(IMultitaskAgent agent, IReadOnlyList<string> taskNames, IReadOnlyList<IEnv> envs)
    {
        var pictures = new List<SvgPolicyPicture>();
        var grids = new List<(int Task, GridWorld World, int ObsSize)>();
        for (int i = 0; i < envs.Count; i++)
        {
            if (RunLoader.GridOf(envs[i]) is not GridWorld world) continue;
            int size = envs[i].ObservationSpace.Size;
            // A wrapper that changes observations would make our encoding wrong: draw nothing for that task.
            if (!EncodesFor(world, size)) continue;
            grids.Add((i, world, size));
        }
        if (grids.Count == 0) return pictures;
        int cellSize = CellSize(grids[0].World.Map);
        if (agent.HasDistilledPolicy)
        {
            var (task, world, size) = grids[0];
            var policy = Policy(world, size, (obs, probs) => agent.DistilledProbabilities(obs, probs));
            string where = grids.Count > 1 ? $"{taskNames[task]}'s map (pi_0 is shared by all tasks)" : $"{taskNames[task]}";
            pictures.Add(new SvgPolicyPicture($"distilled policy pi_0 on {where}: arrow length = probability", GridRenderer.Svg(world.Map, null, policy, cellSize)));
        }
        foreach (var (task, world, size) in grids.Take(MaxTaskPictures))
        {
            var policy = Policy(world, size, (obs, probs) =>
            {
                probs.Clear();
                probs[agent.Act(task, obs, greedy: true)] = 1f;
            });
            pictures.Add(new SvgPolicyPicture($"task policy of {taskNames[task]}: greedy action", GridRenderer.Svg(world.Map, null, policy, cellSize)));
        }
        return pictures;
    }

    /// <summary>
    /// Rebuilds the agent of <paramref name="runDirectory"/> from config.yaml and checkpoints/final/*.safetensors
    /// (<see cref="RunLoader"/>) and draws <see cref="FromAgent"/>; on any problem, no pictures and a one-line note saying why.
    /// </summary>
    public static (IReadOnlyList<SvgPolicyPicture> Pictures, string? Note) FromCheckpoint(string runDirectory)
    {
        try
        {
            var run = RunLoader.Load(runDirectory);
            if (!run.Envs.Any(e => RunLoader.GridOf(e) is not null)) return ([], "the tasks are not gridworlds");
            return (FromAgent(run.Agent, [.. run.Tasks.Select(t => t.Name)], run.Envs), null);
        }
        catch (ConfigException e)
        {
            // The loader's messages are written for users already ("the checkpoint X is missing").
            return ([], e.Message.ReplaceLineEndings(" "));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A report must still render when an old or foreign run cannot be reloaded; say why instead.
            return ([], $"could not rebuild the agent from {new RunDirectory(runDirectory).FinalNetworksFolder}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>
    /// True when <paramref name="world"/>'s own encoding yields <paramref name="obsSize"/> values, i.e. cells can be
    /// encoded for an agent whose inputs have that size (a wrapper that changes observations breaks this).
    /// </summary>
    public static bool EncodesFor(GridWorld world, int obsSize) => world.Options.Encoder.CreateSpace(world.Map, world.Options).Size == obsSize;

    /// <summary>
    /// A policy over the map's cells (rows*cols*4, cell-major, as <see cref="GridRenderer.Svg"/> takes): for each free
    /// non-goal cell, encoded as at the start of an episode (no previous action or reward), <paramref name="fill"/>
    /// writes the 4 action probabilities; walls and the goal stay 0.
    /// </summary>
    public static float[] CellPolicy(GridWorld world, int obsSize, Action<float[], Span<float>> fill)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(fill);
        return Policy(world, obsSize, fill);
    }

    private static float[] Policy(GridWorld world, int obsSize, Action<float[], Span<float>> fill)
    {
        var map = world.Map;
        var policy = new float[map.Rows * map.Cols * GridWorld.ActionCount];
        var obs = new float[obsSize];
        var probs = new float[GridWorld.ActionCount];
        for (int cell = 0; cell < map.Rows * map.Cols; cell++)
        {
            var p = map.CellAt(cell);
            if (!map.IsFree(p) || p == map.Goal) continue;
            world.Options.Encoder.Encode(map, p, -1, 0f, obs);
            fill(obs, probs);
            probs.CopyTo(policy.AsSpan(GridWorld.ActionCount * cell));
        }
        return policy;
    }

    private static int CellSize(GridMap map) => Math.Clamp(320 / Math.Max(map.Rows, map.Cols), 12, 32);
}
