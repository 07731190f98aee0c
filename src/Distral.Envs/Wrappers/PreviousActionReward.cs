namespace Distral.Envs;

/// <summary>
/// Appends the previous action (one-hot over the Discrete actions, all zeros right after Reset) and the
/// previous reward (0 after Reset) to the inner observation: [inner..., onehot(a_prev)..., r_prev].
/// The paper's gridworld state is (location, previous action, previous reward).
/// </summary>
public sealed class PreviousActionReward : Wrapper, IStatefulEnv
{
    private readonly float[] _observation;
    private readonly int _innerSize;
    private readonly int _actions;

    /// <param name="inner">A discrete-action env.</param>
    /// <param name="rewardLow">Lowest reward (Box bound of the reward slot).</param>
    /// <param name="rewardHigh">Highest reward.</param>
    public PreviousActionReward(IEnv inner, float rewardLow = float.NegativeInfinity, float rewardHigh = float.PositiveInfinity)
        : base(inner)
    {
        if (inner.ActionSpace is not Discrete discrete) throw new ArgumentException("PreviousActionReward needs a Discrete action space.");
        _actions = discrete.N;
        _innerSize = inner.ObservationSpace.Size;
        int size = _innerSize + _actions + 1;
        var low = new float[size];
        var high = new float[size];
        inner.ObservationSpace.Low.CopyTo(low);
        inner.ObservationSpace.High.CopyTo(high);
        for (int i = _innerSize; i < size - 1; i++) high[i] = 1f;
        low[^1] = Math.Min(0, rewardLow);
        high[^1] = Math.Max(0, rewardHigh);
        ObservationSpace = new Box(low, high);
        _observation = new float[size];
    }

    public override Box ObservationSpace { get; }

    public override ResetResult Reset(int? seed = null)
    {
        var r = Inner.Reset(seed);
        Write(r.Observation, -1, 0f);
        return new ResetResult(_observation, r.Info);
    }

    public override StepResult Step(int action)
    {
        var r = Inner.Step(action);
        Write(r.Observation, action, r.Reward);
        return new StepResult(_observation, r.Reward, r.Terminated, r.Truncated, r.Info);
    }

    public override StepResult Step(scoped ReadOnlySpan<float> action) =>
        throw new NotSupportedException("PreviousActionReward wraps discrete-action envs: call Step(int).");

    /// <inheritdoc/>
    public bool CanSaveState => IStatefulEnv.Supports(Inner);

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        var inner = IStatefulEnv.Require(Inner);
        writer.WriteTag("previous-action-reward");
        writer.WriteFloats(_observation);
        inner.SaveState(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader)
    {
        var inner = IStatefulEnv.Require(Inner);
        reader.ExpectTag("previous-action-reward");
        var observation = new float[_observation.Length];
        reader.ReadFloats(observation, "previous-action-reward observation");
        inner.LoadState(reader);
        observation.CopyTo(_observation, 0);
    }

    private void Write(ReadOnlySpan<float> inner, int action, float reward)
    {
        inner.CopyTo(_observation);
        _observation.AsSpan(_innerSize, _actions).Clear();
        if (action >= 0) _observation[_innerSize + action] = 1f;
        _observation[^1] = reward;
    }
}
