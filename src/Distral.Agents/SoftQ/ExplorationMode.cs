namespace Distral.Agents.SoftQ;

/// <summary>How a task acts while training.</summary>
public enum ExplorationMode
{
    /// <summary>With probability epsilon a uniform random action, otherwise a sample from the acting policy (thesis).</summary>
    EpsilonBoltzmann,

    /// <summary>Always a sample from the acting policy (epsilon ignored).</summary>
    Boltzmann,
}
