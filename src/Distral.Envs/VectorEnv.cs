namespace Distral.Envs;

/// <summary>
/// N copies of an env stepped together (sequentially, in one thread) with preallocated batch buffers.
/// <para>Buffers (row i belongs to copy i): <see cref="Observations"/> [N * obsSize], <see cref="Rewards"/>,
/// <see cref="Terminated"/>, <see cref="Truncated"/>, <see cref="Infos"/>; they are overwritten by every call.</para>
/// <para>Auto-reset, "same-step" mode: when copy i ends an episode in <see cref="Step(ReadOnlySpan{int})"/>,
/// Rewards[i]/Terminated[i]/Truncated[i] describe that final step, its last observation is copied to row i of
/// <see cref="FinalObservations"/> (with <see cref="HasFinalObservation"/>[i] = true and its info in
/// <see cref="FinalInfos"/>[i]), and the copy is reset at once: Observations row i already holds the first
/// observation of the next episode and Infos[i] its reset info. So a learner bootstraps from
/// FinalObservations (when Truncated) and acts on Observations.</para>
/// </summary>
public sealed class VectorEnv
{
    private readonly IEnv[] _envs;
    private readonly int _obsSize;

    /// <param name="factory">Creates copy i (give each copy its own seed, e.g. seed + i).</param>
    /// <param name="count">Number of copies.</param>
    public VectorEnv(Func<int, IEnv> factory, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _envs = new IEnv[count];
        for (int i = 0; i < count; i++) _envs[i] = factory(i);
        SingleObservationSpace = _envs[0].ObservationSpace;
        SingleActionSpace = _envs[0].ActionSpace;
        _obsSize = SingleObservationSpace.Size;
        for (int i = 1; i < count; i++)
            if (_envs[i].ObservationSpace.Size != _obsSize) throw new ArgumentException("All copies need the same observation size.");
        Observations = new float[count * _obsSize];
        FinalObservations = new float[count * _obsSize];
        HasFinalObservation = new bool[count];
        Rewards = new float[count];
        Terminated = new bool[count];
        Truncated = new bool[count];
        Infos = new EnvInfo[count];
        FinalInfos = new EnvInfo[count];
    }

    public int Count => _envs.Length;
    public Box SingleObservationSpace { get; }
    public Space SingleActionSpace { get; }

    /// <summary>Copy i (for inspection; stepping it directly desynchronises the buffers).</summary>
    public IEnv this[int i] => _envs[i];

    public float[] Observations { get; }
    public float[] FinalObservations { get; }
    public bool[] HasFinalObservation { get; }
    public float[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    public EnvInfo[] Infos { get; }
    public EnvInfo[] FinalInfos { get; }

    /// <summary>The observation row of copy i.</summary>
    public ReadOnlySpan<float> Observation(int i) => Observations.AsSpan(i * _obsSize, _obsSize);

    /// <summary>The final observation of copy i's episode that ended in the last Step.</summary>
    public ReadOnlySpan<float> FinalObservation(int i) => FinalObservations.AsSpan(i * _obsSize, _obsSize);

    /// <summary>Resets every copy; with a seed, copy i is reset with seed + i.</summary>
    public void Reset(int? seed = null)
    {
        for (int i = 0; i < _envs.Length; i++)
        {
            var r = _envs[i].Reset(seed is int s ? s + i : null);
            r.Observation.CopyTo(Observations.AsSpan(i * _obsSize, _obsSize));
            Infos[i] = r.Info;
        }
        Array.Clear(Rewards);
        Array.Clear(Terminated);
        Array.Clear(Truncated);
        Array.Clear(HasFinalObservation);
    }

    /// <summary>Steps every copy with its discrete action (auto-resetting ended copies, see the class remarks).</summary>
    public void Step(ReadOnlySpan<int> actions)
    {
        if (actions.Length != _envs.Length) throw new ArgumentException($"Need {_envs.Length} actions.");
        for (int i = 0; i < _envs.Length; i++) Store(i, _envs[i].Step(actions[i]));
    }

    /// <summary>Steps every copy with continuous actions laid out row-major [N * actionSize].</summary>
    public void Step(ReadOnlySpan<float> actions)
    {
        int size = SingleActionSpace.Size;
        if (actions.Length != _envs.Length * size) throw new ArgumentException($"Need {_envs.Length} x {size} actions.");
        for (int i = 0; i < _envs.Length; i++) Store(i, _envs[i].Step(actions.Slice(i * size, size)));
    }

    private void Store(int i, StepResult r)
    {
        var row = Observations.AsSpan(i * _obsSize, _obsSize);
        Rewards[i] = r.Reward;
        Terminated[i] = r.Terminated;
        Truncated[i] = r.Truncated;
        HasFinalObservation[i] = r.Done;
        if (!r.Done)
        {
            r.Observation.CopyTo(row);
            Infos[i] = r.Info;
            return;
        }
        r.Observation.CopyTo(FinalObservations.AsSpan(i * _obsSize, _obsSize));
        FinalInfos[i] = r.Info;
        var reset = _envs[i].Reset();
        reset.Observation.CopyTo(row);
        Infos[i] = reset.Info;
    }
}
