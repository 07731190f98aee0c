namespace Distral.Envs;

/// <summary>The result of <see cref="IEnv.Reset"/>: (observation, info); the span views the env's reused buffer.</summary>
public readonly ref struct ResetResult
{
    public ResetResult(ReadOnlySpan<float> observation, EnvInfo info)
    {
        Observation = observation;
        Info = info;
    }

    /// <summary>The first observation (env-owned buffer, overwritten by the next Reset/Step).</summary>
    public ReadOnlySpan<float> Observation { get; }

    public EnvInfo Info { get; }

    public void Deconstruct(out ReadOnlySpan<float> observation, out EnvInfo info)
    {
        observation = Observation;
        info = Info;
    }
}
