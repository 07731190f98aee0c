using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>The soft-Q equations of Distral (paper eqs. 2-4, thesis eq. 2.67), shared by the learner and its tests.</summary>
internal static class SoftQMath
{
    /// <summary>
    /// V(s) = (1/beta) log sum_a exp(alpha log pi_0(a|s) + beta f(s,a)) for f [B, A] -> [B], with the graph's
    /// stable log-sum-exp. A null <paramref name="logPrior"/> means the uniform prior log(1/A), a constant
    /// (alpha/beta) log(1/A) added to (1/beta) LSE(beta f).
    /// </summary>
    public static Tensor SoftValue(Graph g, Tensor f, Tensor? logPrior, float alpha, float beta)
    {
        if (logPrior is null)
        {
            float uniformShift = alpha * MathF.Log(1f / f.Shape.Last) / beta;
            return g.Affine(g.LogSumExp(g.MulScalar(f, beta)), 1f / beta, uniformShift);
        }
        var z = g.Add(g.MulScalar(logPrior, alpha), g.MulScalar(f, beta));
        return g.MulScalar(g.LogSumExp(z), 1f / beta);
    }

    /// <summary>
    /// log pi~_0 for the distilled logits h [B, A]: log softmax(h) when <paramref name="floor"/> is 0, otherwise
    /// log((1 - floor) softmax(h) + floor / A), pi_0 mixed with a uniform share. The mixture is the prior every task
    /// is regularised towards, so overriding pi_0 costs at most log(A / floor) / beta however sharp pi_0 has become.
    /// </summary>
    public static Tensor LogPrior(Graph g, Tensor h, float floor)
    {
        if (floor == 0f) return g.LogSoftmax(h);
        return g.Log(g.Affine(g.Softmax(h), 1f - floor, floor / h.Shape.Last));
    }

    /// <summary>
    /// One row of <see cref="LogPrior"/>: destination[a] = log((1 - floor) softmax(h)[a] + floor / A)
    /// (log softmax(h) when floor is 0), stable for large logits.
    /// </summary>
    public static void LogPriorRow(ReadOnlySpan<float> h, float floor, Span<float> destination)
    {
        float max = float.NegativeInfinity;
        foreach (float x in h) max = MathF.Max(max, x);
        float sum = 0;
        foreach (float x in h) sum += MathF.Exp(x - max);
        float lse = max + MathF.Log(sum);
        float share = floor / h.Length;
        for (int a = 0; a < h.Length; a++)
        {
            float logP = h[a] - lse;
            destination[a] = floor == 0f ? logP : MathF.Log((1f - floor) * MathF.Exp(logP) + share);
        }
    }

    /// <summary>
    /// y = R_n + discount * V(s_n): discount is gamma^k, or 0 when the episode terminated inside the window.
    /// The reward is the RAW reward: the regulariser already lives inside V and must not be added again.
    /// </summary>
    public static void TdTargets(ReadOnlySpan<float> returns, ReadOnlySpan<float> discounts, ReadOnlySpan<float> nextValues, Span<float> targets)
    {
        for (int r = 0; r < targets.Length; r++)
            targets[r] = discounts[r] == 0f ? returns[r] : returns[r] + discounts[r] * nextValues[r];
    }

    /// <summary>
    /// Adds the regulariser of the intermediate steps of n-step windows: targets[rows[k]] += discounts[k] * (V_k - Q_k),
    /// where V_k - Q_k = (alpha/beta) log pi_0(a_k|s_k) - (1/beta) log pi_i(a_k|s_k) for the soft policy
    /// pi_i = pi_0^alpha exp(beta (Q - V)). Without it an n-step target mixes the regularised objective (inside V)
    /// with the unregularised one (the raw rewards of steps 1..n-1) and also ignores that those actions were exploratory.
    /// </summary>
    public static void AddIntermediateRegularisers(ReadOnlySpan<int> rows, ReadOnlySpan<float> discounts,
        ReadOnlySpan<float> values, ReadOnlySpan<float> actionValues, Span<float> targets)
    {
        for (int k = 0; k < rows.Length; k++)
            targets[rows[k]] += discounts[k] * (values[k] - actionValues[k]);
    }

    /// <summary>
    /// The logits of the acting policy for one state: Prior alpha log pi~_0 + beta f (h empty: uniform prior, so
    /// beta f; pi~_0 = pi_0 with the <paramref name="priorFloor"/> share of <see cref="LogPrior"/>), Raw f,
    /// Scaled beta' f. With no floor, alpha h is used directly (softmax ignores log softmax's per-row constant).
    /// </summary>
    public static void ActingLogits(ReadOnlySpan<float> f, ReadOnlySpan<float> h, ActingPolicy acting,
        float alpha, float beta, float betaPrime, Span<float> logits, float priorFloor = 0f)
    {
        if (acting == ActingPolicy.Prior && !h.IsEmpty && priorFloor > 0f)
        {
            LogPriorRow(h, priorFloor, logits);
            for (int a = 0; a < logits.Length; a++) logits[a] = alpha * logits[a] + beta * f[a];
            return;
        }
        for (int a = 0; a < logits.Length; a++)
        {
            logits[a] = acting switch
            {
                ActingPolicy.Prior => (h.IsEmpty ? 0f : alpha * h[a]) + beta * f[a],
                ActingPolicy.Raw => f[a],
                _ => betaPrime * f[a],
            };
        }
    }

    /// <summary>epsilon(episode) = end + (start - end) exp(-episode / decay) (thesis schedule, per task).</summary>
    public static float Epsilon(SoftQOptions options, int episode) =>
        options.EpsilonEnd + (options.EpsilonStart - options.EpsilonEnd) * MathF.Exp(-episode / options.EpsilonDecayEpisodes);
}
