namespace Distral.Agents;

/// <summary>An observer that ignores everything.</summary>
public sealed class NullTrainingObserver : ITrainingObserver
{
    /// <summary>The shared instance.</summary>
    public static readonly NullTrainingObserver Instance = new();

    /// <inheritdoc/>
    public void OnEpisode(in EpisodeRecord episode) { }

    /// <inheritdoc/>
    public void OnDiagnostic(in TrainingDiagnostic diagnostic) { }
}
