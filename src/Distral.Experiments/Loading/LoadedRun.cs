using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>A finished run rebuilt from its directory: the resolved config, its tasks and envs, and the agent with the final checkpoint loaded.</summary>
/// <param name="Directory">The run directory.</param>
/// <param name="Config">config.yaml of the run.</param>
/// <param name="Tasks">The run's tasks in training order (task i is the agent's task i).</param>
/// <param name="Envs">Fresh training-stream envs of the tasks (as the run created them; used for pictures).</param>
/// <param name="Agent">The agent with every network loaded from checkpoints/final.</param>
/// <param name="Metadata">The safetensors metadata of the first network (algorithm, seed, env_steps).</param>
public sealed record LoadedRun(
    string Directory,
    RunConfig Config,
    IReadOnlyList<ResolvedTask> Tasks,
    IReadOnlyList<IEnv> Envs,
    IMultitaskAgent Agent,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The index of the run's task called <paramref name="name"/>, or -1.</summary>
    public int TaskIndex(string name)
    {
        for (int i = 0; i < Tasks.Count; i++) if (Tasks[i].Name == name) return i;
        return -1;
    }
}
