namespace Distral.Envs;

/// <summary>
/// Ends an episode after <see cref="MaxEpisodeSteps"/> steps by truncation (Truncated = true,
/// Terminated unchanged: learners should bootstrap from the last state). Stepping after the cut throws.
/// </summary>
public sealed class TimeLimit : Wrapper, IStatefulEnv
{
    private int _elapsed;
    private bool _active;

    public TimeLimit(IEnv inner, int maxEpisodeSteps) : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpisodeSteps, 1);
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps => _elapsed;

    public override ResetResult Reset(int? seed = null)
    {
        _elapsed = 0;
        var result = Inner.Reset(seed);
        _active = true;
        return result;
    }

    public override StepResult Step(int action)
    {
        EnsureActive();
        return Limit(Inner.Step(action));
    }

    public override StepResult Step(scoped ReadOnlySpan<float> action)
    {
        EnsureActive();
        return Limit(Inner.Step(action));
    }

    /// <inheritdoc/>
    public bool CanSaveState => IStatefulEnv.Supports(Inner);

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        var inner = IStatefulEnv.Require(Inner);
        writer.WriteTag("time-limit");
        writer.Write(_elapsed);
        writer.Write(_active);
        inner.SaveState(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader)
    {
        var inner = IStatefulEnv.Require(Inner);
        reader.ExpectTag("time-limit");
        int elapsed = reader.ReadInt32();
        bool active = reader.ReadBoolean();
        if (elapsed < 0 || elapsed > MaxEpisodeSteps) throw new InvalidDataException($"time-limit state has {elapsed} elapsed steps (limit {MaxEpisodeSteps})");
        inner.LoadState(reader);
        (_elapsed, _active) = (elapsed, active);
    }

    private void EnsureActive()
    {
        if (!_active) throw new InvalidOperationException("Step called before Reset or after the episode ended; call Reset first.");
    }

    private StepResult Limit(StepResult r)
    {
        _elapsed++;
        if (r.Done) _active = false;
        if (_elapsed < MaxEpisodeSteps || r.Terminated) return r;
        _active = false;
        return new StepResult(r.Observation, r.Reward, false, true, r.Info with { TimeLimitReached = true });
    }
}
