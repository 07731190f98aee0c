namespace Distral.Agents.ActorCritic;

/// <summary>How the regulariser (alpha/beta) log pi_0 - (1/beta) log pi_i enters the policy gradient.</summary>
public enum RegulariserForm
{
    /// <summary>
    /// The plain estimator (<see cref="ActorCriticObjective"/>): the n-step returns use the regularised reward sampled
    /// at every taken action, including the current one (an unbiased but noisy estimate of the objective's gradient).
    /// </summary>
    Sampled,

    /// <summary>
    /// The same objective with less variance: the returns carry the sampled regulariser of the later steps, and the
    /// current step's is taken in expectation, sum_a pi_i(a|s) ((alpha/beta) log pi_0(a|s) - (1/beta) log pi_i(a|s)),
    /// differentiated analytically (for alpha = 0 that is A3C's entropy bonus (1/beta) H(pi_i)).
    /// </summary>
    ExpectedNow,

    /// <summary>
    /// A3C practice: raw-reward returns, and only the analytic regulariser of each visited state (a myopic version of
    /// the objective: future KL/entropy costs do not enter the returns).
    /// </summary>
    PerState,
}
