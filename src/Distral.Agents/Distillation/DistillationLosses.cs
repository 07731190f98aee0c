using Distral.Tensors;

namespace Distral.Agents.Distillation;

/// <summary>
/// The Distral distillation objective as graph ops (paper eq. 5, thesis eq. 2.68): the part of J that depends
/// on pi_0, a discounted maximum-likelihood fit of pi_0 to the tasks' visitations. Row weights carry
/// gamma^t and the per-task batch mean (1 / m_i), so one stacked batch covers every task:
/// loss = -(alpha/beta) sum_rows w_r * (log pi_0 term of row r).
/// </summary>
public static class DistillationLosses
{
    /// <summary>
    /// Sampled form: -(alpha/beta) sum_r w_r log pi_0(a_r|s_r). <paramref name="logPi0"/> is [N, A] (e.g.
    /// LogSoftmax of h), <paramref name="actions"/> the N replayed actions, <paramref name="rowWeights"/> [N].
    /// </summary>
    public static Tensor Sampled(Graph g, Tensor logPi0, ReadOnlySpan<int> actions, Tensor rowWeights, float alpha, float beta)
    {
        ArgumentNullException.ThrowIfNull(g);
        var picked = g.Gather(logPi0, actions);
        return g.MulScalar(g.Sum(g.Mul(picked, rowWeights)), -alpha / beta);
    }

    /// <summary>
    /// Expected form: -(alpha/beta) sum_r sum_a W[r, a] log pi_0(a|s_r), where <paramref name="weightedTaskProbs"/>
    /// [N, A] holds w_r * pi_i(a|s_r) with pi_i treated as a constant (lower variance than sampling a).
    /// </summary>
    public static Tensor Expected(Graph g, Tensor logPi0, Tensor weightedTaskProbs, float alpha, float beta)
    {
        ArgumentNullException.ThrowIfNull(g);
        return g.MulScalar(g.Sum(g.Mul(logPi0, weightedTaskProbs)), -alpha / beta);
    }
}
