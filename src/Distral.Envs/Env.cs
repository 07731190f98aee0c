using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// Convenience base for envs: owns the observation buffer and the env's generator, checks actions and
/// the episode protocol (Step before Reset or after the end throws). Subclasses implement
/// <see cref="OnReset"/> and one of the <c>OnStep</c> overloads, writing the observation into the span given.
/// </summary>
public abstract class Env : IEnv
{
    private readonly float[] _observation;
    private bool _episodeActive;

    protected Env(Box observationSpace, Space actionSpace, int seed)
    {
        if (actionSpace is not (Discrete or Box)) throw new ArgumentException("The action space must be Discrete or Box.");
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        _observation = new float[observationSpace.Size];
        Random = new Rng((ulong)(uint)seed);
    }

    public Box ObservationSpace { get; }
    public Space ActionSpace { get; }

    /// <summary>The env's generator (start states, noise); reseeded by Reset(seed).</summary>
    protected Rng Random { get; }

    /// <summary>True between Reset and the step that ends the episode.</summary>
    public bool EpisodeActive => _episodeActive;

    /// <summary>The last observation (env-owned; overwritten by the next Reset/Step).</summary>
    public ReadOnlySpan<float> Observation => _observation;

    public ResetResult Reset(int? seed = null)
    {
        if (seed is int s) Random.Reseed((ulong)(uint)s);
        var info = OnReset(_observation);
        _episodeActive = true;
        return new ResetResult(_observation, info);
    }

    public StepResult Step(int action)
    {
        if (ActionSpace is not Discrete discrete)
            throw new NotSupportedException("This env has continuous actions: call Step(ReadOnlySpan<float>).");
        if (!discrete.Contains(action))
            throw new ArgumentOutOfRangeException(nameof(action), action, $"Action outside {discrete}.");
        EnsureActive();
        return Finish(OnStep(action, _observation));
    }

    public StepResult Step(scoped ReadOnlySpan<float> action)
    {
        if (ActionSpace is not Box box)
            throw new NotSupportedException("This env has discrete actions: call Step(int).");
        if (action.Length != box.Size)
            throw new ArgumentOutOfRangeException(nameof(action), $"The action needs {box.Size} elements.");
        EnsureActive();
        return Finish(OnStep(action, _observation));
    }

    /// <summary>Starts an episode: write the first observation, return the info.</summary>
    protected abstract EnvInfo OnReset(Span<float> observation);

    /// <summary>Advances a discrete-action env: write the new observation, return reward and flags.</summary>
    protected virtual StepOutcome OnStep(int action, Span<float> observation) =>
        throw new NotSupportedException("This env does not take discrete actions.");

    /// <summary>Advances a continuous-action env (the action has the right length; clip it if needed).</summary>
    protected virtual StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation) =>
        throw new NotSupportedException("This env does not take continuous actions.");

    /// <summary>Writes the base state (generator, episode flag, last observation) for <see cref="IStatefulEnv"/> subclasses.</summary>
    protected void SaveBaseState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteTag("env");
        writer.Write(Random.GetState());
        writer.Write(_episodeActive);
        writer.WriteFloats(_observation);
    }

    /// <summary>Restores what <see cref="SaveBaseState"/> wrote.</summary>
    protected void LoadBaseState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ExpectTag("env");
        var state = reader.ReadRngState();
        bool active = reader.ReadBoolean();
        reader.ReadFloats(_observation, "env observation");
        Random.SetState(state);
        _episodeActive = active;
    }

    private void EnsureActive()
    {
        if (!_episodeActive)
            throw new InvalidOperationException("Step called before Reset or after the episode ended; call Reset first.");
    }

    private StepResult Finish(StepOutcome outcome)
    {
        if (outcome.Terminated || outcome.Truncated) _episodeActive = false;
        return new StepResult(_observation, outcome.Reward, outcome.Terminated, outcome.Truncated, outcome.Info);
    }
}
