namespace Distral.Envs;

/// <summary>Base of env wrappers: forwards everything to <see cref="Inner"/>; override what changes.</summary>
public abstract class Wrapper : IEnv
{
    protected Wrapper(IEnv inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped env.</summary>
    public IEnv Inner { get; }

    /// <summary>The innermost env (not a wrapper).</summary>
    public IEnv Unwrapped => Inner is Wrapper w ? w.Unwrapped : Inner;

    public virtual Box ObservationSpace => Inner.ObservationSpace;
    public virtual Space ActionSpace => Inner.ActionSpace;
    public virtual ResetResult Reset(int? seed = null) => Inner.Reset(seed);
    public virtual StepResult Step(int action) => Inner.Step(action);
    public virtual StepResult Step(scoped ReadOnlySpan<float> action) => Inner.Step(action);
}
