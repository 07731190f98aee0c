namespace Distral.Envs;

/// <summary>
/// A Gymnasium-style environment, allocation-free per step.
/// <para>Observations are flat float vectors described by <see cref="ObservationSpace"/> (a Box; pixel
/// observations are flattened channel-major, C*H*W). The span returned in <see cref="ResetResult"/> and
/// <see cref="StepResult"/> views a buffer owned by the env: it is overwritten by the next Reset/Step, so
/// copy it if you need to keep it.</para>
/// <para>Actions: discrete envs (ActionSpace is <see cref="Discrete"/>) take <c>Step(int)</c>; continuous
/// envs (ActionSpace is <see cref="Box"/>) take <c>Step(ReadOnlySpan&lt;float&gt;)</c>. The other overload
/// throws <see cref="NotSupportedException"/>. An action outside the space throws ArgumentOutOfRangeException.</para>
/// <para>Episodes: call Reset before the first Step and after an episode ended (terminated or truncated);
/// stepping an ended episode throws <see cref="InvalidOperationException"/>.</para>
/// </summary>
public interface IEnv
{
    /// <summary>The set of observations (always a Box).</summary>
    Box ObservationSpace { get; }

    /// <summary><see cref="Discrete"/> or <see cref="Box"/> (continuous actions).</summary>
    Space ActionSpace { get; }

    /// <summary>
    /// Starts a new episode. A seed reseeds the env's generator (same seed => same episode); null continues
    /// the current random stream (which was seeded at construction).
    /// </summary>
    ResetResult Reset(int? seed = null);

    /// <summary>One step with a discrete action.</summary>
    StepResult Step(int action);

    /// <summary>One step with a continuous action (length ActionSpace.Size).</summary>
    StepResult Step(scoped ReadOnlySpan<float> action);
}
