namespace Distral.Agents.ActorCritic;

/// <summary>Receives the episodes an actor finishes (on the actor's thread).</summary>
internal interface IEpisodeSink
{
    /// <summary>An episode of global task <paramref name="task"/> ended after <paramref name="steps"/> steps.</summary>
    void OnEpisodeFinished(int task, int steps, double episodeReturn);
}
