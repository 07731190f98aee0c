namespace Distral.Envs;

/// <summary>
/// Physical constants of CartPole. The defaults are Gymnasium's CartPole-v1; changing them gives related tasks
/// for multitask training (e.g. a longer or heavier pole).
/// </summary>
public sealed record CartPoleParameters
{
    /// <summary>Gravitational acceleration (m/s^2).</summary>
    public double Gravity { get; init; } = 9.8;

    /// <summary>Mass of the cart (kg).</summary>
    public double CartMass { get; init; } = 1.0;

    /// <summary>Mass of the pole (kg).</summary>
    public double PoleMass { get; init; } = 0.1;

    /// <summary>Half the pole's length (m); Gymnasium calls this "length".</summary>
    public double PoleHalfLength { get; init; } = 0.5;

    /// <summary>Magnitude of the force pushing the cart (N).</summary>
    public double ForceMagnitude { get; init; } = 10.0;

    /// <summary>Seconds between state updates (explicit Euler step).</summary>
    public double Tau { get; init; } = 0.02;

    /// <summary>The episode terminates when |theta| exceeds this (radians); 12 degrees by default.</summary>
    public double ThetaThresholdRadians { get; init; } = 12 * 2 * Math.PI / 360;

    /// <summary>The episode terminates when |x| exceeds this (m).</summary>
    public double XThreshold { get; init; } = 2.4;

    /// <summary>The customary episode limit (TaskSpec.MaxEpisodeSteps); the env does not truncate by itself, wrap it with TimeLimit.</summary>
    public int MaxEpisodeSteps { get; init; } = 500;

    internal void Validate()
    {
        if (!(Gravity >= 0) || !(CartMass > 0) || !(PoleMass > 0) || !(PoleHalfLength > 0) || !(ForceMagnitude >= 0)
            || !(Tau > 0) || !(ThetaThresholdRadians > 0) || !(XThreshold > 0) || MaxEpisodeSteps <= 0)
            throw new ArgumentException($"Invalid CartPole parameters: {this}.");
    }
}
