using Distral.Agents;

namespace Distral.Experiments;

/// <summary>
/// Stores an agent's named training state (<see cref="ICheckpointableAgent"/>) in a checkpoint folder, the same
/// files for every family: <see cref="RunDirectory.AgentNetworksFileName"/> (every network, parameters named
/// "&lt;network&gt;/&lt;state-dict name&gt;"), <see cref="RunDirectory.AgentOptimizersFileName"/> (optimizer
/// buffers and step counts) and <see cref="RunDirectory.AgentStateFileName"/> (the agent's binary stream).
/// </summary>
public static class AgentStateFiles
{
    /// <summary>Writes the agent's state into the existing <paramref name="folder"/>; returns the agent's manifest facts.</summary>
    public static IReadOnlyDictionary<string, string> Save(ICheckpointableAgent agent, string folder)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(folder);
        CheckpointFiles.SaveNetworks(Path.Combine(folder, RunDirectory.AgentNetworksFileName), agent.StateNetworks);
        CheckpointFiles.SaveOptimizers(Path.Combine(folder, RunDirectory.AgentOptimizersFileName), agent.StateOptimizers);
        CheckpointFiles.WriteBinary(Path.Combine(folder, RunDirectory.AgentStateFileName), agent.WriteState);
        return agent.DescribeState();
    }

    /// <summary>
    /// Restores a state written by <see cref="Save"/> into an agent built with the same options and tasks: networks,
    /// then optimizers, then the binary stream. Bad or mismatched files throw <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static void Load(ICheckpointableAgent agent, string folder, bool envsRestored)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(folder);
        CheckpointFiles.LoadNetworks(Path.Combine(folder, RunDirectory.AgentNetworksFileName), agent.StateNetworks);
        CheckpointFiles.LoadOptimizers(Path.Combine(folder, RunDirectory.AgentOptimizersFileName), agent.StateOptimizers);
        CheckpointFiles.ReadBinary(Path.Combine(folder, RunDirectory.AgentStateFileName), reader => agent.ReadState(reader, envsRestored));
    }
}
