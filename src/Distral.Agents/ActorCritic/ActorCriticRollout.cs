namespace Distral.Agents.ActorCritic;

/// <summary>
/// One unroll of n steps over M env rows, time-major: entry t*M + j is row j at step t, with j = localTask*W + w
/// (W copies per task). The observations and episode-start flags have n+1 steps (the last only supplies the
/// bootstrap value V_i(s_n)); everything else has n. Filled by <see cref="ActorCriticActor"/>, read by the networks'
/// forward and by <see cref="ActorCriticObjective"/>. Allocated once and overwritten by every unroll.
/// </summary>
internal sealed class ActorCriticRollout
{
    /// <summary>Buffers for <paramref name="steps"/> steps of <paramref name="rows"/> rows of <paramref name="observationSize"/> floats.</summary>
    public ActorCriticRollout(int steps, int rows, int observationSize)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"A rollout needs at least one step, got {steps}.");
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"A rollout needs at least one row, got {rows}.");
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize), $"Observation size must be positive, got {observationSize}.");
        Steps = steps;
        Rows = rows;
        ObservationSize = observationSize;
        Observations = new float[(steps + 1) * rows * observationSize];
        EpisodeStarts = new bool[(steps + 1) * rows];
        Actions = new int[steps * rows];
        Rewards = new float[steps * rows];
        Terminated = new bool[steps * rows];
        Truncated = new bool[steps * rows];
        TruncationValues = new float[steps * rows];
    }

    /// <summary>The unroll length n.</summary>
    public int Steps { get; }

    /// <summary>Env rows M stepped in lock-step.</summary>
    public int Rows { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>s_t of every row, [(n+1)*M, obs].</summary>
    public float[] Observations { get; }

    /// <summary>True where s_t begins an episode (recurrent torsos start from a zero state), [(n+1)*M].</summary>
    public bool[] EpisodeStarts { get; }

    /// <summary>a_t, sampled from the row's task policy, [n*M].</summary>
    public int[] Actions { get; }

    /// <summary>The environment's reward R_t, [n*M].</summary>
    public float[] Rewards { get; }

    /// <summary>True where step t ended the episode in a terminal state (nothing follows), [n*M].</summary>
    public bool[] Terminated { get; }

    /// <summary>True where the time limit cut the episode at step t (and it did not terminate), [n*M].</summary>
    public bool[] Truncated { get; }

    /// <summary>V_i of the final observation where <see cref="Truncated"/> (the bootstrap of a cut episode), else 0, [n*M].</summary>
    public float[] TruncationValues { get; }
}
