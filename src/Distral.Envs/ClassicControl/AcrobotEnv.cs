namespace Distral.Envs;

/// <summary>
/// Acrobot with Gymnasium Acrobot-v1 dynamics (Sutton and Barto's "book" equations, one RK4 step of dt 0.2)
/// and configurable links. Observation [cos t1, sin t1, cos t2, sin t2, dt1, dt2]; actions 0/1/2 apply torque
/// -1/0/+1 to the joint between the links; reward -1 per step, 0 on the step that reaches the goal height
/// (-l1 cos t1 - l2 cos(t1 + t2) &gt; l1), which terminates. Start state uniform in [-0.1, 0.1]^4 (rounded to
/// float32 as in Gymnasium). No truncation inside: wrap with TimeLimit(MaxEpisodeSteps = 500).
/// </summary>
public sealed class AcrobotEnv : Env, IStatefulEnv
{
    private readonly double[] _state = new double[4];
    private readonly double[] _k1 = new double[4], _k2 = new double[4], _k3 = new double[4], _k4 = new double[4];
    private readonly double[] _probe = new double[4];

    /// <summary>Creates the env; <paramref name="seed"/> seeds start states (and torque noise, if any).</summary>
    public AcrobotEnv(AcrobotParameters? parameters = null, int seed = 0)
        : base(ObservationSpaceFor(parameters ??= new AcrobotParameters()), new Discrete(3), seed)
    {
        parameters.Validate();
        Parameters = parameters;
    }

    /// <summary>The physical constants of this task.</summary>
    public AcrobotParameters Parameters { get; }

    /// <summary>The float64 state (theta1, theta2, dtheta1, dtheta2).</summary>
    public (double Theta1, double Theta2, double Theta1Dot, double Theta2Dot) State => (_state[0], _state[1], _state[2], _state[3]);

    /// <summary>Overrides the state mid-episode (tests, known trajectories); call after Reset.</summary>
    internal void SetState(double theta1, double theta2, double theta1Dot, double theta2Dot)
    {
        _state[0] = theta1; _state[1] = theta2; _state[2] = theta1Dot; _state[3] = theta2Dot;
    }

    /// <inheritdoc/>
    public bool CanSaveState => true;

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteTag("acrobot");
        foreach (double value in _state) writer.Write(value);
        SaveBaseState(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader) => reader.ReadChecked("acrobot state", r =>
    {
        // Everything is read and checked before anything changes, so a bad state leaves the env as it was.
        r.ExpectTag("acrobot");
        var state = new double[_state.Length];
        for (int i = 0; i < state.Length; i++) state[i] = r.ReadFiniteDouble($"acrobot state[{i}]");
        LoadBaseState(r);
        state.CopyTo(_state, 0);
    });

    protected override EnvInfo OnReset(Span<float> observation)
    {
        for (int i = 0; i < 4; i++) _state[i] = (float)(-0.1 + 0.2 * Random.NextDouble());
        WriteObservation(observation);
        return default;
    }

    protected override StepOutcome OnStep(int action, Span<float> observation)
    {
        var p = Parameters;
        double torque = action - 1.0;
        if (p.TorqueNoiseMax > 0) torque += -p.TorqueNoiseMax + 2 * p.TorqueNoiseMax * Random.NextDouble();

        // One classical RK4 step over [0, dt]; the torque is constant (Gymnasium appends it to the state).
        double dt = p.Dt, halfDt = dt / 2.0;
        Derivatives(_state, torque, _k1);
        for (int i = 0; i < 4; i++) _probe[i] = _state[i] + halfDt * _k1[i];
        Derivatives(_probe, torque, _k2);
        for (int i = 0; i < 4; i++) _probe[i] = _state[i] + halfDt * _k2[i];
        Derivatives(_probe, torque, _k3);
        for (int i = 0; i < 4; i++) _probe[i] = _state[i] + dt * _k3[i];
        Derivatives(_probe, torque, _k4);
        for (int i = 0; i < 4; i++) _state[i] += dt / 6.0 * (_k1[i] + 2 * _k2[i] + 2 * _k3[i] + _k4[i]);

        _state[0] = Wrap(_state[0], -Math.PI, Math.PI);
        _state[1] = Wrap(_state[1], -Math.PI, Math.PI);
        _state[2] = Math.Min(Math.Max(_state[2], -p.MaxVelocity1), p.MaxVelocity1);
        _state[3] = Math.Min(Math.Max(_state[3], -p.MaxVelocity2), p.MaxVelocity2);

        bool terminated = -p.Link1Length * Math.Cos(_state[0]) - p.Link2Length * Math.Cos(_state[1] + _state[0]) > p.Link1Length;
        WriteObservation(observation);
        return new StepOutcome(terminated ? 0f : -1f, terminated, false, terminated ? new EnvInfo { IsSuccess = true } : default);
    }

    /// <summary>The book equations of motion (Sutton 1996 / Sutton and Barto), as Gymnasium's _dsdt.</summary>
    private void Derivatives(double[] s, double torque, double[] derivative)
    {
        var p = Parameters;
        double m1 = p.Link1Mass, m2 = p.Link2Mass, l1 = p.Link1Length, lc1 = p.Link1CenterOfMass, lc2 = p.Link2CenterOfMass;
        double i1 = p.LinkMomentOfInertia, i2 = p.LinkMomentOfInertia, g = p.Gravity;
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.Cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.Cos(theta2)) + i2;
        double phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.Sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.Sin(theta2)
            + (m1 * lc1 + m2 * l1) * g * Math.Cos(theta1 - Math.PI / 2)
            + phi2;
        double ddtheta2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.Sin(theta2) - phi2)
            / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        derivative[0] = dtheta1;
        derivative[1] = dtheta2;
        derivative[2] = ddtheta1;
        derivative[3] = ddtheta2;
    }

    private static double Wrap(double x, double low, double high)
    {
        double range = high - low;
        while (x > high) x -= range;
        while (x < low) x += range;
        return x;
    }

    private void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_state[0]);
        observation[1] = (float)Math.Sin(_state[0]);
        observation[2] = (float)Math.Cos(_state[1]);
        observation[3] = (float)Math.Sin(_state[1]);
        observation[4] = (float)_state[2];
        observation[5] = (float)_state[3];
    }

    private static Box ObservationSpaceFor(AcrobotParameters p)
    {
        float[] high = [1f, 1f, 1f, 1f, (float)p.MaxVelocity1, (float)p.MaxVelocity2];
        return new Box(high.Select(h => -h).ToArray(), high);
    }
}
