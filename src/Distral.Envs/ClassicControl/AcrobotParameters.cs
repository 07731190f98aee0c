namespace Distral.Envs;

/// <summary>
/// Physical constants of Acrobot. The defaults are Gymnasium's Acrobot-v1 ("book" dynamics, no torque noise).
/// </summary>
public sealed record AcrobotParameters
{
    /// <summary>Length of the first link (m); also sets the goal height.</summary>
    public double Link1Length { get; init; } = 1.0;

    /// <summary>Length of the second link (m); only the goal height and rendering use it, as in Gymnasium.</summary>
    public double Link2Length { get; init; } = 1.0;

    /// <summary>Mass of the first link (kg).</summary>
    public double Link1Mass { get; init; } = 1.0;

    /// <summary>Mass of the second link (kg).</summary>
    public double Link2Mass { get; init; } = 1.0;

    /// <summary>Position of the first link's centre of mass from its joint (m).</summary>
    public double Link1CenterOfMass { get; init; } = 0.5;

    /// <summary>Position of the second link's centre of mass from its joint (m).</summary>
    public double Link2CenterOfMass { get; init; } = 0.5;

    /// <summary>Moment of inertia of each link.</summary>
    public double LinkMomentOfInertia { get; init; } = 1.0;

    /// <summary>Gravitational acceleration (m/s^2).</summary>
    public double Gravity { get; init; } = 9.8;

    /// <summary>Integration interval of one step (s), one RK4 step.</summary>
    public double Dt { get; init; } = 0.2;

    /// <summary>Maximum angular speed of the first joint (rad/s).</summary>
    public double MaxVelocity1 { get; init; } = 4 * Math.PI;

    /// <summary>Maximum angular speed of the second joint (rad/s).</summary>
    public double MaxVelocity2 { get; init; } = 9 * Math.PI;

    /// <summary>Uniform noise in [-max, max] added to the torque; 0 in Acrobot-v1.</summary>
    public double TorqueNoiseMax { get; init; }

    /// <summary>The customary episode limit (TaskSpec.MaxEpisodeSteps); the env does not truncate by itself, wrap it with TimeLimit.</summary>
    public int MaxEpisodeSteps { get; init; } = 500;

    internal void Validate()
    {
        if (!(Link1Length > 0) || !(Link2Length > 0) || !(Link1Mass > 0) || !(Link2Mass > 0) || !(LinkMomentOfInertia > 0)
            || !(Link1CenterOfMass >= 0) || !(Link2CenterOfMass >= 0) || !(Gravity >= 0) || !(Dt > 0)
            || !(MaxVelocity1 > 0) || !(MaxVelocity2 > 0) || !(TorqueNoiseMax >= 0) || MaxEpisodeSteps <= 0)
            throw new ArgumentException($"Invalid Acrobot parameters: {this}.");
    }
}
