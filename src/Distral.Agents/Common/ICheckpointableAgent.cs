namespace Distral.Agents;

/// <summary>
/// An agent whose complete training state (networks, target networks, optimizer buffers, replay, generators,
/// counters, in-progress episodes) can be written to a folder and read back, so that a run resumed from the
/// folder continues bit-identically. The agent's environments are not included: their owner saves them
/// (see <c>Distral.Envs.IStatefulEnv</c>).
/// </summary>
public interface ICheckpointableAgent : IMultitaskAgent
{
    /// <summary>Finished episodes of each task so far.</summary>
    IReadOnlyList<int> EpisodesDonePerTask { get; }

    /// <summary>
    /// Writes the training state as files into the existing empty <paramref name="folder"/> (today's agents:
    /// networks.safetensors, optimizers.safetensors, agent-state.bin; the runner adds manifest.json, envs.bin and
    /// metrics.csv beside them) and returns a few readable facts for the checkpoint manifest (counters, generator states).
    /// </summary>
    IReadOnlyDictionary<string, string> SaveTrainingState(string folder);

    /// <summary>
    /// Restores a state written by <see cref="SaveTrainingState"/> for an agent built with the same options and
    /// tasks. <paramref name="envsRestored"/>: the environments were restored too, so in-progress episodes
    /// continue; otherwise they are dropped and restart. Bad or mismatched files throw <see cref="InvalidDataException"/>.
    /// </summary>
    void LoadTrainingState(string folder, bool envsRestored);
}
