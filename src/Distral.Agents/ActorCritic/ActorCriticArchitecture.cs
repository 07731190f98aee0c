namespace Distral.Agents.ActorCritic;

/// <summary>How the actor-critic networks are laid out (paper Table 1 columns).</summary>
public enum ActorCriticArchitecture
{
    /// <summary>One network for every task ("A3C multitask"): one policy head, one value output per task.</summary>
    Shared,

    /// <summary>A network per task ("1col"): pi_i = softmax(f_i).</summary>
    Separate,

    /// <summary>Two columns ("2col"): pi_i = softmax(w_h h + beta f_i), h shared by every task.</summary>
    TwoColumn,
}
