namespace Distral.Envs;

/// <summary>
/// MountainCar with Gymnasium MountainCar-v0 dynamics (force 0.001, gravity 0.0025) and configurable constants.
/// Observation [position, velocity]; actions 0 = push left, 1 = no push, 2 = push right; reward -1 per step;
/// terminated when position &gt;= 0.5 (and velocity &gt;= goal velocity). Start position uniform in [-0.6, -0.4],
/// velocity 0. No truncation inside: wrap with TimeLimit(MaxEpisodeSteps = 200).
/// </summary>
public sealed class MountainCarEnv : Env, IStatefulEnv
{
    private double _position, _velocity;

    /// <summary>Creates the env; <paramref name="seed"/> seeds start states.</summary>
    public MountainCarEnv(MountainCarParameters? parameters = null, int seed = 0)
        : base(ObservationSpaceFor(parameters ??= new MountainCarParameters()), new Discrete(3), seed)
    {
        parameters.Validate();
        Parameters = parameters;
    }

    /// <summary>The constants of this task.</summary>
    public MountainCarParameters Parameters { get; }

    /// <summary>The float64 state (position, velocity).</summary>
    public (double Position, double Velocity) State => (_position, _velocity);

    /// <summary>Overrides the state mid-episode (tests, known trajectories); call after Reset.</summary>
    internal void SetState(double position, double velocity) => (_position, _velocity) = (position, velocity);

    /// <inheritdoc/>
    public bool CanSaveState => true;

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteTag("mountaincar");
        writer.Write(_position);
        writer.Write(_velocity);
        SaveBaseState(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader) => reader.ReadChecked("mountaincar state", r =>
    {
        // Everything is read and checked before anything changes, so a bad state leaves the env as it was.
        r.ExpectTag("mountaincar");
        double position = r.ReadFiniteDouble("mountaincar position"), velocity = r.ReadFiniteDouble("mountaincar velocity");
        LoadBaseState(r);
        (_position, _velocity) = (position, velocity);
    });

    protected override EnvInfo OnReset(Span<float> observation)
    {
        _position = -0.6 + 0.2 * Random.NextDouble();
        _velocity = 0;
        WriteObservation(observation);
        return default;
    }

    protected override StepOutcome OnStep(int action, Span<float> observation)
    {
        var p = Parameters;
        _velocity += (action - 1) * p.Force + Math.Cos(3 * _position) * -p.Gravity;
        _velocity = Math.Clamp(_velocity, -p.MaxSpeed, p.MaxSpeed);
        _position += _velocity;
        _position = Math.Clamp(_position, p.MinPosition, p.MaxPosition);
        if (_position == p.MinPosition && _velocity < 0) _velocity = 0; // inelastic left wall
        bool terminated = _position >= p.GoalPosition && _velocity >= p.GoalVelocity;
        WriteObservation(observation);
        return new StepOutcome(-1f, terminated, false, terminated ? new EnvInfo { IsSuccess = true } : default);
    }

    private void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)_position;
        observation[1] = (float)_velocity;
    }

    private static Box ObservationSpaceFor(MountainCarParameters p) =>
        new([(float)p.MinPosition, (float)-p.MaxSpeed], [(float)p.MaxPosition, (float)p.MaxSpeed]);
}
