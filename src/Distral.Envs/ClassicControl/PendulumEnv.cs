namespace Distral.Envs;

/// <summary>
/// Pendulum with Gymnasium Pendulum-v1 dynamics (g = 10 by default) and configurable constants.
/// Observation [cos theta, sin theta, theta_dot]; continuous action: one torque, clipped to [-2, 2];
/// reward -(normalised angle^2 + 0.1 theta_dot^2 + 0.001 u^2); never terminates. Start theta uniform in
/// [-pi, pi], theta_dot in [-1, 1]. No truncation inside: wrap with TimeLimit(MaxEpisodeSteps = 200).
/// </summary>
public sealed class PendulumEnv : Env, IStatefulEnv
{
    private double _theta, _thetaDot;

    /// <summary>Creates the env; <paramref name="seed"/> seeds start states.</summary>
    public PendulumEnv(PendulumParameters? parameters = null, int seed = 0)
        : base(ObservationSpaceFor(parameters ??= new PendulumParameters()),
               new Box((float)-parameters.MaxTorque, (float)parameters.MaxTorque, 1), seed)
    {
        parameters.Validate();
        Parameters = parameters;
    }

    /// <summary>The constants of this task.</summary>
    public PendulumParameters Parameters { get; }

    /// <summary>The float64 state (theta, theta_dot); theta = 0 is upright.</summary>
    public (double Theta, double ThetaDot) State => (_theta, _thetaDot);

    /// <summary>Overrides the state mid-episode (tests, known trajectories); call after Reset.</summary>
    internal void SetState(double theta, double thetaDot) => (_theta, _thetaDot) = (theta, thetaDot);

    /// <inheritdoc/>
    public bool CanSaveState => true;

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteTag("pendulum");
        writer.Write(_theta);
        writer.Write(_thetaDot);
        SaveBaseState(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader) => reader.ReadChecked("pendulum state", r =>
    {
        // Everything is read and checked before anything changes, so a bad state leaves the env as it was.
        r.ExpectTag("pendulum");
        double theta = r.ReadFiniteDouble("pendulum theta"), thetaDot = r.ReadFiniteDouble("pendulum theta_dot");
        LoadBaseState(r);
        (_theta, _thetaDot) = (theta, thetaDot);
    });

    protected override EnvInfo OnReset(Span<float> observation)
    {
        _theta = -Math.PI + 2 * Math.PI * Random.NextDouble();
        _thetaDot = -1.0 + 2.0 * Random.NextDouble();
        WriteObservation(observation);
        return default;
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var p = Parameters;
        float torque = action[0];
        if (float.IsNaN(torque)) throw new ArgumentOutOfRangeException(nameof(action), "The torque is NaN.");
        double u = Math.Clamp((double)torque, -p.MaxTorque, p.MaxTorque);
        double cost = NormalizeAngle(_theta) * NormalizeAngle(_theta) + 0.1 * (_thetaDot * _thetaDot) + 0.001 * (u * u);
        double newThetaDot = _thetaDot + (3 * p.Gravity / (2 * p.Length) * Math.Sin(_theta) + 3.0 / (p.Mass * (p.Length * p.Length)) * u) * p.Dt;
        newThetaDot = Math.Clamp(newThetaDot, -p.MaxSpeed, p.MaxSpeed);
        _theta += newThetaDot * p.Dt;
        _thetaDot = newThetaDot;
        WriteObservation(observation);
        return new StepOutcome((float)-cost, false);
    }

    /// <summary>Maps an angle to [-pi, pi) like Python's ((x + pi) % 2pi) - pi.</summary>
    internal static double NormalizeAngle(double x)
    {
        double r = (x + Math.PI) % (2 * Math.PI);
        if (r < 0) r += 2 * Math.PI;
        return r - Math.PI;
    }

    private void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_theta);
        observation[1] = (float)Math.Sin(_theta);
        observation[2] = (float)_thetaDot;
    }

    private static Box ObservationSpaceFor(PendulumParameters p) =>
        new([-1f, -1f, (float)-p.MaxSpeed], [1f, 1f, (float)p.MaxSpeed]);
}
