using Distral.Agents.Replay;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>
/// The Distral soft Q-learning objective (paper section 2.3 and eqs. 2-5 with networks; thesis eqs. 2.67-2.68):
/// pure functions from a replayed batch and network outputs to targets and losses. Every variant of the family
/// (2col, 1col, 1col-beta, soft Q alone) is this one objective with other settings. In the paper's order:
/// <list type="number">
/// <item>Prior: log pi~_0 = log((1 - floor) softmax(h) + floor / A); with floor 0 this is log pi_0 = log softmax(h).
/// Without a distilled column the prior is uniform.</item>
/// <item>Soft value of task i: V_i(s) = (1/beta) log sum_a exp(alpha log pi~_0(a|s) + beta f_i(s,a)).</item>
/// <item>n-step soft Bellman target: y = R_n + sum_{d=1}^{n-1} gamma^d (V_i(s_d) - f_i(s_d,a_d)) + gamma^n V_i(s_n),
/// R_n the discounted RAW rewards of the window, no bootstrap after a terminal step. V - f at an intermediate step
/// is the regulariser (alpha/beta) log pi_0 - (1/beta) log pi_i of the action taken there.</item>
/// <item>TD loss on theta_i: mean_rows (f_i(s,a) - y)^2 (or the Huber loss), y held fixed.</item>
/// <item>Distillation on theta_0: -(alpha/beta) sum_rows w_r log pi_0(a_r|s_r) (sampled form) or
/// -(alpha/beta) sum_rows sum_a w_r pi_i(a|s_r) log pi_0(a|s_r) (expected form, pi_i fixed), with
/// w_r = gamma^t / m_i so that each task contributes a discounted mean over its m_i rows.</item>
/// <item>Acting policy of task i: softmax(alpha log pi~_0 + beta f_i) (2col, "Prior"), softmax(f_i) (1col, "Raw"),
/// softmax(beta' f_i) (1col-beta, "Scaled").</item>
/// </list>
/// </summary>
public sealed class SoftQObjective
{
    private readonly float _alpha, _beta, _betaPrime, _priorFloor;
    private readonly TdLossKind _tdLoss;
    private readonly ActingPolicy _acting;

    /// <summary>The objective of <paramref name="options"/> (alpha, beta, beta', prior floor, TD loss, acting policy).</summary>
    public SoftQObjective(SoftQOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_alpha, _beta, _betaPrime, _priorFloor) = (options.Alpha, options.Beta, options.BetaPrime, options.PriorFloor);
        (_tdLoss, _acting) = (options.TdLoss, options.Acting);
    }

    // ------------------------------------------------------------------ 1. prior

    /// <summary>log pi~_0 of the distilled logits h [B, A] (see <see cref="LogPrior(Graph, Tensor, float)"/>).</summary>
    public Tensor LogPrior(Graph g, Tensor h) => LogPrior(g, h, _priorFloor);

    /// <summary>
    /// log pi~_0 for the distilled logits h [B, A]: log softmax(h) when <paramref name="floor"/> is 0, otherwise
    /// log((1 - floor) softmax(h) + floor / A), pi_0 mixed with a uniform share. The mixture is the prior every task
    /// is regularised towards, so overriding pi_0 costs at most log(A / floor) / beta however sharp pi_0 has become.
    /// </summary>
    public static Tensor LogPrior(Graph g, Tensor h, float floor)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (floor == 0f) return g.LogSoftmax(h);
        return g.Log(g.Affine(g.Softmax(h), 1f - floor, floor / h.Shape.Last));
    }

    /// <summary>
    /// One row of <see cref="LogPrior(Graph, Tensor, float)"/>: destination[a] = log((1 - floor) softmax(h)[a] + floor / A)
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

    // ------------------------------------------------------------------ 2. soft value

    /// <summary>V_i(s) for task logits f [B, A] and the distilled logits h [B, A] (null: uniform prior).</summary>
    public Tensor SoftValue(Graph g, Tensor f, Tensor? h) => SoftValue(g, f, h is null ? null : LogPrior(g, h), _alpha, _beta);

    /// <summary>
    /// V(s) = (1/beta) log sum_a exp(alpha log pi_0(a|s) + beta f(s,a)) for f [B, A] -> [B], with the graph's
    /// stable log-sum-exp. A null <paramref name="logPrior"/> means the uniform prior log(1/A), a constant
    /// (alpha/beta) log(1/A) added to (1/beta) LSE(beta f).
    /// </summary>
    public static Tensor SoftValue(Graph g, Tensor f, Tensor? logPrior, float alpha, float beta)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(f);
        if (logPrior is null)
        {
            float uniformShift = alpha * MathF.Log(1f / f.Shape.Last) / beta;
            return g.Affine(g.LogSumExp(g.MulScalar(f, beta)), 1f / beta, uniformShift);
        }
        var z = g.Add(g.MulScalar(logPrior, alpha), g.MulScalar(f, beta));
        return g.MulScalar(g.LogSumExp(z), 1f / beta);
    }

    // ------------------------------------------------------------------ 3. n-step soft Bellman targets

    /// <summary>
    /// Writes y for the batch's rows from the network outputs at the bootstrap states s_n (<paramref name="fNext"/>,
    /// <paramref name="hNext"/>) and at the windows' intermediate states (<paramref name="fIntermediate"/>,
    /// <paramref name="hIntermediate"/>; null when the batch has none). h tensors are null without a distilled column.
    /// </summary>
    public void Targets(Graph g, NStepBatch batch, Tensor fNext, Tensor? hNext, Tensor? fIntermediate, Tensor? hIntermediate, Span<float> targets)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int rows = batch.Count;
        var vNext = SoftValue(g, fNext, hNext);
        TdTargets(batch.Returns.AsSpan(0, rows), batch.BootstrapDiscounts.AsSpan(0, rows), vNext.Span, targets[..rows]);

        int m = batch.IntermediateCount;
        if (m == 0) return;
        ArgumentNullException.ThrowIfNull(fIntermediate);
        var v = SoftValue(g, fIntermediate, hIntermediate);
        var q = g.Gather(fIntermediate, batch.IntermediateActions.AsSpan(0, m));
        AddIntermediateRegularisers(batch.IntermediateRows.AsSpan(0, m), batch.IntermediateDiscounts.AsSpan(0, m), v.Span, q.Span, targets);
    }

    /// <summary>
    /// y = R_n + discount * V(s_n): discount is gamma^n, or 0 when the episode terminated inside the window.
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

    // ------------------------------------------------------------------ 4. TD loss on theta_i

    /// <summary>mean_rows loss(f(s_r, a_r), y_r) for the task logits <paramref name="f"/> [B, A] at the batch states.</summary>
    public Tensor TdLoss(Graph g, Tensor f, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets)
    {
        ArgumentNullException.ThrowIfNull(g);
        var q = g.Gather(f, actions);
        var y = g.Input(new Shape(targets.Length), targets);
        return _tdLoss == TdLossKind.Huber ? g.HuberLoss(q, y) : g.MseLoss(q, y);
    }

    // ------------------------------------------------------------------ 5. distillation on theta_0

    /// <summary>Sampled form: -(alpha/beta) sum_r w_r log pi_0(a_r|s_r) for the distilled logits h [N, A] and row weights [N].</summary>
    public Tensor DistillationSampled(Graph g, Tensor h, ReadOnlySpan<int> actions, Tensor rowWeights)
    {
        ArgumentNullException.ThrowIfNull(g);
        var picked = g.Gather(g.LogSoftmax(h), actions);
        return g.MulScalar(g.Sum(g.Mul(picked, rowWeights)), -_alpha / _beta);
    }

    /// <summary>
    /// Expected form: -(alpha/beta) sum_r sum_a W[r, a] log pi_0(a|s_r) for h [N, A], where
    /// <paramref name="weightedTaskProbs"/> [N, A] holds w_r pi_i(a|s_r) with pi_i a constant (lower variance than sampling a).
    /// </summary>
    public Tensor DistillationExpected(Graph g, Tensor h, Tensor weightedTaskProbs)
    {
        ArgumentNullException.ThrowIfNull(g);
        return g.MulScalar(g.Sum(g.Mul(g.LogSoftmax(h), weightedTaskProbs)), -_alpha / _beta);
    }

    // ------------------------------------------------------------------ 6. acting policy

    /// <summary>The acting policy's logits for one state of task logits f (h empty: no distilled column).</summary>
    public void ActingLogits(ReadOnlySpan<float> f, ReadOnlySpan<float> h, Span<float> logits) =>
        ActingLogits(f, h, _acting, _alpha, _beta, _betaPrime, logits, _priorFloor);

    /// <summary>
    /// The logits of the acting policy for one state: Prior alpha log pi~_0 + beta f (h empty: uniform prior, so
    /// beta f; pi~_0 = pi_0 with the <paramref name="priorFloor"/> share of <see cref="LogPrior(Graph, Tensor, float)"/>),
    /// Raw f, Scaled beta' f. With no floor, alpha h is used directly (softmax ignores log softmax's per-row constant).
    /// </summary>
    public static void ActingLogits(ReadOnlySpan<float> f, ReadOnlySpan<float> h, ActingPolicy acting,
        float alpha, float beta, float betaPrime, Span<float> logits, float priorFloor = 0f)
    {
        switch (acting)
        {
            case ActingPolicy.Prior when !h.IsEmpty && priorFloor > 0f:
                LogPriorRow(h, priorFloor, logits);
                for (int a = 0; a < logits.Length; a++) logits[a] = alpha * logits[a] + beta * f[a];
                break;
            case ActingPolicy.Prior:
                PolicyMath.TwoColumnLogits(h, f, alpha, beta, logits);
                break;
            case ActingPolicy.Raw:
                f.CopyTo(logits);
                break;
            default:
                for (int a = 0; a < logits.Length; a++) logits[a] = betaPrime * f[a];
                break;
        }
    }
}
