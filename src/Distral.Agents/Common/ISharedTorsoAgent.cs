using Distral.Nn;

namespace Distral.Agents;

/// <summary>
/// An agent whose columns have a feature torso that transfer copies whole (e.g. conv + LSTM over images), where a
/// trunk of dense layers (<see cref="ISharedTrunkAgent"/>) cannot describe it.
/// </summary>
public interface ISharedTorsoAgent
{
    /// <summary>The torso its tasks share (a multitask network's, else pi_0's column's), or null when none.</summary>
    Module? SharedTorso { get; }

    /// <summary>
    /// Copies <paramref name="torso"/> (another run's <see cref="SharedTorso"/>, same architecture) into the torso of
    /// every column; heads stay fresh. Throws <see cref="ArgumentException"/> on another architecture.
    /// </summary>
    void InitialiseTorsos(Module torso);
}
