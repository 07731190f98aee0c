using Distral.Nn;

namespace Distral.Agents;

/// <summary>
/// A learner that trains one policy per task (and optionally a shared distilled policy) on a fixed list of
/// environments. Train may be called repeatedly with a larger episode count to continue training.
/// </summary>
public interface IMultitaskAgent
{
    /// <summary>Algorithm name for reports (e.g. "distral-2col-softq").</summary>
    string Algorithm { get; }

    /// <summary>Number of tasks (environments).</summary>
    int TaskCount { get; }

    /// <summary>Total environment steps taken so far over all tasks.</summary>
    long EnvSteps { get; }

    /// <summary>
    /// Trains until every task has finished at least <paramref name="episodesPerTask"/> episodes (in total,
    /// counting earlier calls). Reports each finished episode and training scalars to the observer.
    /// </summary>
    void Train(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel);

    /// <summary>An action of task <paramref name="task"/>'s policy: the most probable one when greedy, else sampled.</summary>
    int Act(int task, ReadOnlySpan<float> obs, bool greedy);

    /// <summary>True when the agent learns a distilled policy pi_0.</summary>
    bool HasDistilledPolicy { get; }

    /// <summary>An action of the distilled policy pi_0 (throws InvalidOperationException when there is none).</summary>
    int ActDistilled(ReadOnlySpan<float> obs, bool greedy);

    /// <summary>Writes pi_0(.|obs) into <paramref name="probs"/> (length = action count).</summary>
    void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs);

    /// <summary>The trainable networks by stable name (for checkpoints), e.g. ("distilled", h), ("task0", f_0).</summary>
    IReadOnlyList<(string Name, Module Network)> Networks { get; }
}
