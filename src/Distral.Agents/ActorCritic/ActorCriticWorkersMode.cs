namespace Distral.Agents.ActorCritic;

/// <summary>How the env copies' rollouts are turned into updates.</summary>
public enum ActorCriticWorkersMode
{
    /// <summary>A2C-style: all copies unroll together, one batched update; deterministic under a seed.</summary>
    Sync,

    /// <summary>
    /// A3C: every copy is an actor-learner with local networks, run on worker threads, applying its gradients to the
    /// shared networks with RMSProp statistics shared by all learners (Hogwild, not reproducible).
    /// </summary>
    Async,
}
