using Distral.Agents;
using Distral.Envs;
using Distral.Nn;

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
            var inner = envs[i] is Wrapper w ? w.Unwrapped : envs[i];
            if (inner is not GridWorld world) continue;
            int size = envs[i].ObservationSpace.Size;
            // A wrapper that changes observations would make our encoding wrong: draw nothing for that task.
            if (world.Options.Encoder.CreateSpace(world.Map, world.Options).Size != size) continue;
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
    /// and draws <see cref="FromAgent"/>; on any problem, no pictures and a one-line note saying why.
    /// </summary>
    public static (IReadOnlyList<SvgPolicyPicture> Pictures, string? Note) FromCheckpoint(string runDirectory)
    {
        string folder = Path.Combine(runDirectory, "checkpoints", "final");
        try
        {
            var config = ConfigLoader.Load(Path.Combine(runDirectory, "config.yaml"));
            var tasks = TaskResolver.Resolve(config.Tasks);
            var envs = TaskResolver.CreateEnvs(tasks, config.Seed, config.MaxEpisodeSteps);
            if (!envs.Any(e => (e is Wrapper w ? w.Unwrapped : e) is GridWorld)) return ([], "the tasks are not gridworlds");
            if (!Directory.Exists(folder)) return ([], $"the run saved no checkpoints ({folder} is missing)");
            var agent = AlgorithmCatalog.Get(config.Algorithm).Create(envs, config, config.Seed);
            foreach (var (name, network) in agent.Networks)
            {
                string file = Path.Combine(folder, name + ".safetensors");
                if (!File.Exists(file)) return ([], $"the checkpoint {file} is missing");
                network.LoadSafetensors(file);
            }
            return (FromAgent(agent, [.. tasks.Select(t => t.Name)], envs), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A report must still render when an old or foreign run cannot be reloaded; say why instead.
            return ([], $"could not rebuild the agent from {folder}: {e.Message.ReplaceLineEndings(" ")}");
        }
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
