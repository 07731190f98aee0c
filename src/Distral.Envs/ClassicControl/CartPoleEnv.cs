namespace Distral.Envs;

/// <summary>
/// CartPole with Gymnasium CartPole-v1 dynamics (explicit Euler, tau 0.02) and configurable physics.
/// Observation [x, x_dot, theta, theta_dot] (float32 of the float64 state); actions 0 = push left, 1 = push right;
/// reward +1 on every step including the terminating one; terminated when |theta| &gt; 12 deg or |x| &gt; 2.4.
/// Start state uniform in [-0.05, 0.05]^4. No truncation inside: wrap with TimeLimit(MaxEpisodeSteps = 500).
/// </summary>
public sealed class CartPoleEnv : Env, IStatefulEnv
{
    private double _x, _xDot, _theta, _thetaDot;

    /// <summary>Creates the env; <paramref name="seed"/> seeds start states.</summary>
    public CartPoleEnv(CartPoleParameters? parameters = null, int seed = 0)
        : base(ObservationSpaceFor(parameters ??= new CartPoleParameters()), new Discrete(2), seed)
    {
        parameters.Validate();
        Parameters = parameters;
    }

    /// <summary>The physical constants of this task.</summary>
    public CartPoleParameters Parameters { get; }

    /// <summary>The float64 state (x, x_dot, theta, theta_dot).</summary>
    public (double X, double XDot, double Theta, double ThetaDot) State => (_x, _xDot, _theta, _thetaDot);

    /// <summary>Overrides the state mid-episode (tests, known trajectories); call after Reset.</summary>
    internal void SetState(double x, double xDot, double theta, double thetaDot) =>
        (_x, _xDot, _theta, _thetaDot) = (x, xDot, theta, thetaDot);

    /// <inheritdoc/>
    public bool CanSaveState => true;

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteTag("cartpole");
        writer.Write(_x);
        writer.Write(_xDot);
        writer.Write(_theta);
        writer.Write(_thetaDot);
        SaveBaseState(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader) => reader.ReadChecked("cartpole state", r =>
    {
        // Everything is read and checked before anything changes, so a bad state leaves the env as it was.
        r.ExpectTag("cartpole");
        double x = r.ReadFiniteDouble("cartpole x"), xDot = r.ReadFiniteDouble("cartpole x_dot");
        double theta = r.ReadFiniteDouble("cartpole theta"), thetaDot = r.ReadFiniteDouble("cartpole theta_dot");
        LoadBaseState(r);
        (_x, _xDot, _theta, _thetaDot) = (x, xDot, theta, thetaDot);
    });

    protected override EnvInfo OnReset(Span<float> observation)
    {
        _x = Uniform(); _xDot = Uniform(); _theta = Uniform(); _thetaDot = Uniform();
        WriteObservation(observation);
        return default;
    }

    protected override StepOutcome OnStep(int action, Span<float> observation)
    {
        var p = Parameters;
        double totalMass = p.PoleMass + p.CartMass;
        double poleMassLength = p.PoleMass * p.PoleHalfLength;
        double force = action == 1 ? p.ForceMagnitude : -p.ForceMagnitude;
        double cosTheta = Math.Cos(_theta), sinTheta = Math.Sin(_theta);
        // Florian (2007) corrected equations, evaluated in the same order as Gymnasium.
        double temp = (force + poleMassLength * (_thetaDot * _thetaDot) * sinTheta) / totalMass;
        double thetaAcc = (p.Gravity * sinTheta - cosTheta * temp)
            / (p.PoleHalfLength * (4.0 / 3.0 - p.PoleMass * (cosTheta * cosTheta) / totalMass));
        double xAcc = temp - poleMassLength * thetaAcc * cosTheta / totalMass;
        _x += p.Tau * _xDot;
        _xDot += p.Tau * xAcc;
        _theta += p.Tau * _thetaDot;
        _thetaDot += p.Tau * thetaAcc;

        bool terminated = _x < -p.XThreshold || _x > p.XThreshold
            || _theta < -p.ThetaThresholdRadians || _theta > p.ThetaThresholdRadians;
        WriteObservation(observation);
        return new StepOutcome(1f, terminated, false, terminated ? new EnvInfo { IsSuccess = false } : default);
    }

    private double Uniform() => -0.05 + 0.1 * Random.NextDouble();

    private void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)_x;
        observation[1] = (float)_xDot;
        observation[2] = (float)_theta;
        observation[3] = (float)_thetaDot;
    }

    private static Box ObservationSpaceFor(CartPoleParameters p)
    {
        // Twice the termination thresholds, as Gymnasium, so the terminating observation is still inside; the velocities
        // are unbounded (Gymnasium writes float32 max, this project's Box convention is infinity).
        float[] high = [(float)(2 * p.XThreshold), float.PositiveInfinity, (float)(2 * p.ThetaThresholdRadians), float.PositiveInfinity];
        return new Box(high.Select(h => -h).ToArray(), high);
    }
}
