namespace Distral.Agents.SoftQ;

/// <summary>How the bootstrap value V(s') is computed.</summary>
public enum TargetNetworkMode
{
    /// <summary>From the online networks (the thesis setting).</summary>
    None,

    /// <summary>From a copy refreshed every <see cref="SoftQOptions.TargetUpdatePeriod"/> updates.</summary>
    Hard,

    /// <summary>From a copy moved toward the online weights by <see cref="SoftQOptions.TargetTau"/> after each update.</summary>
    Polyak,
}
