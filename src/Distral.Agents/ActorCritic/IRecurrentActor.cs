namespace Distral.Agents.ActorCritic;

/// <summary>
/// An agent whose acting keeps state across steps (recurrent torsos): evaluation calls
/// <see cref="ResetActingState"/> before each episode so that one episode's memory does not leak into the next.
/// </summary>
public interface IRecurrentActor
{
    /// <summary>Forgets the acting state of <see cref="IMultitaskAgent.Act"/> and the distilled policy (a new episode starts).</summary>
    void ResetActingState();
}
