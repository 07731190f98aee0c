namespace Distral.Envs;

/// <summary>
/// The result of <see cref="IEnv.Step(int)"/>: (observation, reward, terminated, truncated, info).
/// A ref struct because <see cref="Observation"/> views the env's reused buffer (valid until the next call).
/// Deconstructs: <c>var (obs, reward, terminated, truncated, info) = env.Step(a);</c>
/// </summary>
public readonly ref struct StepResult
{
    public StepResult(ReadOnlySpan<float> observation, float reward, bool terminated, bool truncated, EnvInfo info)
    {
        Observation = observation;
        Reward = reward;
        Terminated = terminated;
        Truncated = truncated;
        Info = info;
    }

    /// <summary>The new observation (env-owned buffer, overwritten by the next Reset/Step).</summary>
    public ReadOnlySpan<float> Observation { get; }

    public float Reward { get; }

    /// <summary>The episode reached a terminal state of the MDP (bootstrap with 0).</summary>
    public bool Terminated { get; }

    /// <summary>The episode was cut short (time limit); the state is not terminal (bootstrap from it).</summary>
    public bool Truncated { get; }

    public EnvInfo Info { get; }

    /// <summary>Terminated or truncated: Reset is needed before the next Step.</summary>
    public bool Done => Terminated || Truncated;

    public void Deconstruct(out ReadOnlySpan<float> observation, out float reward, out bool terminated, out bool truncated, out EnvInfo info)
    {
        observation = Observation;
        reward = Reward;
        terminated = Terminated;
        truncated = Truncated;
        info = Info;
    }
}
