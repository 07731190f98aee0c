namespace Distral.Envs;

/// <summary>What an <see cref="Env"/> subclass returns from OnStep (the observation is written separately).</summary>
public readonly record struct StepOutcome(float Reward, bool Terminated, bool Truncated = false, EnvInfo Info = default);
