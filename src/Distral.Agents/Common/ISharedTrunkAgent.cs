using Distral.Nn;

namespace Distral.Agents;

/// <summary>An agent whose tasks share one network trunk (e.g. multitask A3C), which a new run can start from.</summary>
public interface ISharedTrunkAgent
{
    /// <summary>The shared hidden layers, input first (null when this configuration shares none).</summary>
    IReadOnlyList<Linear>? SharedTrunk { get; }
}
