using Distral.Nn;

namespace Distral.Agents;

/// <summary>
/// An agent that exposes its complete training state by name, so that a run resumed from a checkpoint continues
/// bit-identically: networks (target copies included), optimizer buffers, and a binary stream of everything else
/// (generators, counters, in-progress episodes, replay buffers). The agent names the parts; where and in which
/// files they are stored is decided by the caller (Distral.Experiments' run directory), the same for every family.
/// The agent's environments are not included: their owner saves them (see <c>Distral.Envs.IStatefulEnv</c>).
/// </summary>
public interface ICheckpointableAgent : IMultitaskAgent
{
    /// <summary>Finished episodes of each task so far.</summary>
    IReadOnlyList<int> EpisodesDonePerTask { get; }

    /// <summary>Every network whose weights training reads, by stable name (e.g. "distilled", "task0", "target-task0").</summary>
    IReadOnlyList<(string Name, Module Network)> StateNetworks { get; }

    /// <summary>Every optimizer whose buffers training reads, by stable name.</summary>
    IReadOnlyList<(string Name, Optimizer Optimizer)> StateOptimizers { get; }

    /// <summary>A few readable facts for a checkpoint manifest (counters, generator states).</summary>
    IReadOnlyDictionary<string, string> DescribeState();

    /// <summary>Writes the rest of the training state (generators, counters, episodes in progress, buffers).</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>
    /// Reads a state written by <see cref="WriteState"/> by an agent built with the same options and tasks, after
    /// <see cref="StateNetworks"/> and <see cref="StateOptimizers"/> were restored. <paramref name="envsRestored"/>:
    /// the environments were restored too, so in-progress episodes continue; otherwise they are dropped and restart.
    /// Bad or mismatched data throws <see cref="InvalidDataException"/>.
    /// </summary>
    void ReadState(BinaryReader reader, bool envsRestored);
}
