namespace Distral.Envs;

/// <summary>
/// An env whose complete state (agent position, episode progress, random generator) can be saved and restored,
/// so a training run can be checkpointed mid-episode and resumed bit-identically. Wrappers implement it by
/// saving their own fields and then their inner env's state.
/// </summary>
public interface IStatefulEnv : IEnv
{
    /// <summary>True when this env and every env it wraps can save their state.</summary>
    bool CanSaveState { get; }

    /// <summary>Writes the state (throws <see cref="NotSupportedException"/> when <see cref="CanSaveState"/> is false).</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Restores a state written by <see cref="SaveState"/> on an env built the same way; bad data throws <see cref="InvalidDataException"/>.</summary>
    void LoadState(BinaryReader reader);

    /// <summary>True when <paramref name="env"/> can save and restore its whole state.</summary>
    static bool Supports(IEnv env) => env is IStatefulEnv s && s.CanSaveState;

    /// <summary><paramref name="env"/> as a stateful env; <see cref="NotSupportedException"/> when it cannot save its state.</summary>
    static IStatefulEnv Require(IEnv env) =>
        env is IStatefulEnv s && s.CanSaveState ? s : throw new NotSupportedException($"{env.GetType().Name} cannot save its state.");
}
