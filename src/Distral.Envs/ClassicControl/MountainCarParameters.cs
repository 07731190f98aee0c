namespace Distral.Envs;

/// <summary>Constants of MountainCar. The defaults are Gymnasium's MountainCar-v0.</summary>
public sealed record MountainCarParameters
{
    /// <summary>Velocity change per step from a push (action 0 pushes left, 2 pushes right).</summary>
    public double Force { get; init; } = 0.001;

    /// <summary>Strength of the slope's pull: velocity changes by -Gravity*cos(3 x) per step.</summary>
    public double Gravity { get; init; } = 0.0025;

    /// <summary>Left end of the track.</summary>
    public double MinPosition { get; init; } = -1.2;

    /// <summary>Right end of the track.</summary>
    public double MaxPosition { get; init; } = 0.6;

    /// <summary>Speed limit.</summary>
    public double MaxSpeed { get; init; } = 0.07;

    /// <summary>The episode terminates once the position reaches this...</summary>
    public double GoalPosition { get; init; } = 0.5;

    /// <summary>...with at least this velocity.</summary>
    public double GoalVelocity { get; init; }

    /// <summary>The customary episode limit (TaskSpec.MaxEpisodeSteps); the env does not truncate by itself, wrap it with TimeLimit.</summary>
    public int MaxEpisodeSteps { get; init; } = 200;

    internal void Validate()
    {
        if (!(Force >= 0) || !(Gravity >= 0) || !(MinPosition < MaxPosition) || !(MaxSpeed > 0)
            || !(GoalPosition <= MaxPosition) || MaxEpisodeSteps <= 0)
            throw new ArgumentException($"Invalid MountainCar parameters: {this}.");
    }
}
