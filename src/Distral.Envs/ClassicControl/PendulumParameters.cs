namespace Distral.Envs;

/// <summary>Constants of Pendulum. The defaults are Gymnasium's Pendulum-v1 (g = 10).</summary>
public sealed record PendulumParameters
{
    /// <summary>Gravitational acceleration (m/s^2).</summary>
    public double Gravity { get; init; } = 10.0;

    /// <summary>Mass of the pendulum (kg).</summary>
    public double Mass { get; init; } = 1.0;

    /// <summary>Length of the pendulum (m).</summary>
    public double Length { get; init; } = 1.0;

    /// <summary>Integration step (s).</summary>
    public double Dt { get; init; } = 0.05;

    /// <summary>Maximum angular speed (rad/s).</summary>
    public double MaxSpeed { get; init; } = 8.0;

    /// <summary>Torques are clipped to [-MaxTorque, MaxTorque]; also the action space bounds.</summary>
    public double MaxTorque { get; init; } = 2.0;

    /// <summary>The customary episode limit (TaskSpec.MaxEpisodeSteps); the env does not truncate by itself, wrap it with TimeLimit.</summary>
    public int MaxEpisodeSteps { get; init; } = 200;

    internal void Validate()
    {
        if (!(Gravity >= 0) || !(Mass > 0) || !(Length > 0) || !(Dt > 0) || !(MaxSpeed > 0) || !(MaxTorque > 0)
            || MaxEpisodeSteps <= 0)
            throw new ArgumentException($"Invalid Pendulum parameters: {this}.");
    }
}
