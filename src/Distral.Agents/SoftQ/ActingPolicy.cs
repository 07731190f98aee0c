namespace Distral.Agents.SoftQ;

/// <summary>Which softmax of the networks' outputs a task acts with.</summary>
public enum ActingPolicy
{
    /// <summary>pi_i = softmax(alpha h + beta f_i): the 2col / paper policy (uniform h when not distilled).</summary>
    Prior,

    /// <summary>pi_i = softmax(f_i): thesis "1col".</summary>
    Raw,

    /// <summary>pi_i = softmax(beta' f_i): thesis "1col beta".</summary>
    Scaled,
}
