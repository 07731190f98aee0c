namespace Distral.Agents;

/// <summary>Receives progress from <see cref="IMultitaskAgent.Train"/> (called on the training thread).</summary>
public interface ITrainingObserver
{
    /// <summary>One episode of one task has finished.</summary>
    void OnEpisode(in EpisodeRecord episode);

    /// <summary>A training scalar (e.g. "loss/softq/task0", "loss/distill", "epsilon") at env step <paramref name="step"/>.</summary>
    void OnScalar(string tag, double value, long step);
}
