namespace Distral.Agents;

/// <summary>Receives progress from <see cref="IMultitaskAgent.Train"/> (called on the training thread).</summary>
public interface ITrainingObserver
{
    /// <summary>One episode of one task has finished.</summary>
    void OnEpisode(in EpisodeRecord episode);

    /// <summary>A training scalar: a loss, a schedule value or a statistic (see <see cref="TrainingDiagnostic"/>).</summary>
    void OnDiagnostic(in TrainingDiagnostic diagnostic);
}
