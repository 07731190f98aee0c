using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The loss terms of the actor-critic objective as graph ops, each the negative of a piece of J (so that gradient
/// descent ascends J). Constants (advantages, returns, pi_i as a weight) enter as inputs: no gradient flows through them.
/// </summary>
internal static class ActorCriticLoss
{
    /// <summary>Policy gradient: -sum_r w_r log pi(a_r|s_r), w_r = advantage_r * row scale. <paramref name="logPi"/> is [R, A].</summary>
    public static Tensor PolicyGradient(Graph g, Tensor logPi, ReadOnlySpan<int> actions, ReadOnlySpan<float> weightedAdvantages)
    {
        var picked = g.Gather(logPi, actions);
        var w = g.Input(new Shape(weightedAdvantages.Length), weightedAdvantages);
        return g.Neg(g.Sum(g.Mul(picked, w)));
    }

    /// <summary>Value regression: scale * sum_r 0.5 (V(s_r) - G_r)^2 for <paramref name="values"/> [R].</summary>
    public static Tensor Value(Graph g, Tensor values, ReadOnlySpan<float> returns, float scale)
    {
        var target = g.Input(new Shape(returns.Length), returns);
        var error = g.Sub(values, target);
        return g.MulScalar(g.Sum(g.Mul(error, error)), 0.5f * scale);
    }

    /// <summary>
    /// The regulariser of each visited state taken analytically (used when it is not in the returns):
    /// -scale * sum_r sum_a pi_i(a|s_r) ((alpha/beta) log pi_0(a|s_r) - (1/beta) log pi_i(a|s_r)), i.e.
    /// scale * sum_r [ (1/beta) KL-like terms ]; with alpha = 0 it is minus the usual entropy bonus (1/beta) H(pi_i).
    /// Differentiated through pi_i only; <paramref name="logPi0"/> [R*A] is a constant (may be empty when alpha = 0).
    /// </summary>
    public static Tensor AnalyticRegulariser(Graph g, Tensor logits, ReadOnlySpan<float> logPi0, float alpha, float beta, float scale)
    {
        var pi = g.Softmax(logits);
        var logPi = g.LogSoftmax(logits);
        var inner = g.MulScalar(logPi, -1f / beta);
        if (alpha > 0f) inner = g.Add(inner, g.MulScalar(g.Input(logits.Shape, logPi0), alpha / beta));
        return g.MulScalar(g.Sum(g.Mul(pi, inner)), -scale);
    }
}
