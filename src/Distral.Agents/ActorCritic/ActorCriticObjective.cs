using Distral.Agents.Distillation;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The Distral actor-critic loss of one rollout (Teh et al. 2017, section 3, the policy-gradient form of the
/// objective, eqs. 9-10), built term by term in the order below. The objective every variant ascends is
/// J = sum_i E[ sum_t gamma^t (R_i + (alpha/beta) log pi_0 - (1/beta) log pi_i) ]; the loss is the negative of a
/// stochastic estimate of its gradient's pieces. For task i, env copy w (W per task) and step t of an unroll of n:
/// <list type="number">
/// <item>Regularised reward: the KL and entropy costs folded into the reward of the action taken,
/// R'_t = R_t + (alpha/beta) log pi_0(a_t|s_t) - (1/beta) log pi_i(a_t|s_t) (alpha = 0: no pi_0 term).</item>
/// <item>n-step returns from the critic: G_t = R'_t + gamma G_{t+1}, where G_{t+1} becomes 0 after a terminal step,
/// V_i(s') after a time-limit cut and V_i(s_n) past the unroll's end.</item>
/// <item>Advantages A_t = G_t - V_i(s_t), a constant for the loss.</item>
/// <item>Policy gradient: L_pg = -(1/(nW)) sum_t A_t log pi_i(a_t|s_t).</item>
/// <item>Value regression: L_v = (1/(nW)) sum_t 0.5 (V_i(s_t) - G_t)^2, weighted by c_v.</item>
/// <item>The regulariser of each visited state in closed form, when <see cref="RegulariserForm"/> is not Sampled:
/// L_reg = -(1/(nW)) sum_t sum_a pi_i(a|s_t) ((alpha/beta) log pi_0(a|s_t) - (1/beta) log pi_i(a|s_t)), through pi_i
/// only (alpha = 0: minus A3C's entropy bonus (1/beta) H(pi_i)). PerState puts the raw R_t in the returns instead of
/// R'_t; ExpectedNow keeps R'_t but swaps the current step's sampled regulariser in A_t for its mean under pi_i.</item>
/// <item>Distillation of pi_0 = softmax(h): L_dist = -(alpha/beta)(1/(nW)) sum_t sum_a pi_i(a|s_t) log pi_0(a|s_t)
/// with pi_i a constant; its gradient on h is (alpha/beta)(pi_0 - pi_i) per row, so descent pulls pi_0 toward the
/// task policies (eq. 10). In 2col the logits of pi_i are w_h h + u_i, so L_pg reaches h as well.</item>
/// </list>
/// Loss = sum_i (L_pg + c_v L_v + L_reg) + L_dist, with no gamma^t weighting of the visited states (as in A3C).
/// Pure apart from its scratch buffers: rollout and network outputs in, loss out; the caller runs backward.
/// </summary>
internal sealed class ActorCriticObjective
{
    private readonly ActorCriticOptions _options;
    private readonly int _tasks, _workers, _rows, _steps, _actionCount;
    private readonly float[] _regularisedRewards, _returns, _ownStepCorrection, _bootstrap, _distillWeights;
    private readonly TaskTerms[] _taskTerms;
    private readonly Tensor[] _logPi;

    // Per local task: the loss terms' constants in the task's own rows t*W + w.
    private sealed class TaskTerms(int rows, int actionCount)
    {
        public readonly int[] Actions = new int[rows];
        public readonly float[] WeightedAdvantages = new float[rows];
        public readonly float[] Returns = new float[rows];
        public readonly float[] LogPi0 = new float[rows * actionCount];
    }

    /// <summary>Scratch for rollouts of <paramref name="tasks"/> tasks x <paramref name="workersPerTask"/> copies and n = UnrollLength steps.</summary>
    public ActorCriticObjective(ActorCriticOptions options, int tasks, int workersPerTask, int actionCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (tasks < 1 || workersPerTask < 1 || actionCount < 1)
            throw new ArgumentOutOfRangeException(nameof(tasks), $"Need positive tasks, copies and actions, got {tasks}, {workersPerTask}, {actionCount}.");
        _options = options;
        _tasks = tasks;
        _workers = workersPerTask;
        _rows = tasks * workersPerTask;
        _steps = options.UnrollLength;
        _actionCount = actionCount;
        int n = _steps, m = _rows;
        _regularisedRewards = new float[n * m];
        _returns = new float[n * m];
        _ownStepCorrection = new float[n * m];
        _bootstrap = new float[m];
        _distillWeights = new float[n * m * actionCount];
        _taskTerms = new TaskTerms[tasks];
        for (int i = 0; i < tasks; i++) _taskTerms[i] = new TaskTerms(n * workersPerTask, actionCount);
        _logPi = new Tensor[tasks];
    }

    /// <summary>
    /// The loss of <paramref name="rollout"/> given <paramref name="outputs"/> of one forward over its n+1 steps
    /// (graph ops appended to <paramref name="g"/>; gradients reach the logits, values and h through the graph).
    /// </summary>
    public ActorCriticLoss Loss(Graph g, ActorCriticRollout rollout, ActorCriticOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(outputs);
        if (rollout.Steps != _steps || rollout.Rows != _rows)
            throw new ArgumentException($"The rollout has {rollout.Steps} steps x {rollout.Rows} rows, the objective {_steps} x {_rows}.", nameof(rollout));
        int n = _steps, m = _rows, a = _actionCount, taskRows = n * _workers;
        float alpha = _options.Alpha, beta = _options.Beta, scale = 1f / taskRows;

        var logPi0 = outputs.HLogits is null || !_options.HasKl ? null : g.LogSoftmax(outputs.HLogits);
        for (int i = 0; i < _tasks; i++) _logPi[i] = g.LogSoftmax(outputs.TaskLogits[i]);

        // 1. Regularised rewards, read off the forward pass: constants for the loss.
        double entropy = RegularisedRewards(rollout, outputs, logPi0, alpha, beta, scale);

        // 2. n-step returns.
        NStepReturns(_regularisedRewards, rollout.Terminated, rollout.Truncated, rollout.TruncationValues, _bootstrap,
            _options.Gamma, n, m, _returns);

        Tensor? loss = null;
        double policyLoss = 0, valueLoss = 0, regulariserLoss = 0, distillLoss = 0;
        for (int i = 0; i < _tasks; i++)
        {
            // 3. Advantages (with the row scale 1/(nW) folded in).
            var terms = _taskTerms[i];
            var v = outputs.Values[i].Span;
            for (int t = 0; t < n; t++)
            {
                for (int w = 0; w < _workers; w++)
                {
                    int r = t * _workers + w;
                    float ret = _returns[t * m + i * _workers + w];
                    terms.Returns[r] = ret;
                    terms.WeightedAdvantages[r] = (ret - v[r] - _ownStepCorrection[t * m + i * _workers + w]) * scale;
                }
            }

            // 4. Policy gradient and 5. value regression.
            var pg = PolicyGradient(g, g.Narrow(_logPi[i], 0, 0, taskRows), terms.Actions, terms.WeightedAdvantages);
            var value = ValueRegression(g, g.Narrow(outputs.Values[i], 0, 0, taskRows), terms.Returns, scale);
            policyLoss += pg.Item();
            valueLoss += value.Item();
            var term = g.Add(pg, g.MulScalar(value, _options.ValueLossCoefficient));

            // 6. The analytic regulariser of each visited state.
            if (_options.Regulariser != RegulariserForm.Sampled)
            {
                var regulariser = AnalyticRegulariser(g, g.Narrow(outputs.TaskLogits[i], 0, 0, taskRows),
                    logPi0 is null ? default : terms.LogPi0, alpha, beta, scale);
                regulariserLoss += regulariser.Item();
                term = g.Add(term, regulariser);
            }
            loss = loss is null ? term : g.Add(loss, term);
        }

        // 7. Distillation of pi_0 toward every task's policy.
        if (logPi0 is not null)
        {
            var weights = g.Input(new Shape(n * m, a), _distillWeights);
            var distill = DistillationLosses.Expected(g, g.Narrow(logPi0, 0, 0, n * m), weights, alpha, beta);
            distillLoss = distill.Item();
            loss = g.Add(loss!, distill);
        }
        return new ActorCriticLoss(loss!, policyLoss, valueLoss, regulariserLoss, distillLoss, entropy / (n * m));
    }

    /// <summary>
    /// Step 1 for every row: R'_t into the returns' rewards (R_t under PerState), the ExpectedNow correction, the
    /// bootstrap values V_i(s_n), the distillation weights pi_i/(nW) and log pi_0 per task. Returns the summed entropy of pi_i.
    /// </summary>
    private double RegularisedRewards(ActorCriticRollout rollout, ActorCriticOutputs outputs, Tensor? logPi0, float alpha, float beta, float scale)
    {
        int n = _steps, m = _rows, a = _actionCount;
        double entropy = 0;
        for (int i = 0; i < _tasks; i++)
        {
            var terms = _taskTerms[i];
            var lp = _logPi[i].Span;
            var lp0 = logPi0 is null ? default : logPi0.Span;
            var v = outputs.Values[i].Span;
            for (int t = 0; t < n; t++)
            {
                for (int w = 0; w < _workers; w++)
                {
                    int k = t * m + i * _workers + w, r = t * _workers + w, action = rollout.Actions[k];
                    float reward = rollout.Rewards[k];
                    terms.Actions[r] = action;
                    float logPiA = lp[r * a + action];
                    float logPi0A = logPi0 is null ? 0f : lp0[k * a + action];
                    float sampled = RegularisedReward(reward, logPi0A, logPiA, alpha, beta);
                    _regularisedRewards[k] = _options.Regulariser == RegulariserForm.PerState ? reward : sampled;
                    float expected = 0f;
                    for (int b = 0; b < a; b++)
                    {
                        float p = MathF.Exp(lp[r * a + b]);
                        entropy -= p * lp[r * a + b];
                        expected += p * RegularisedReward(0f, logPi0 is null ? 0f : lp0[k * a + b], lp[r * a + b], alpha, beta);
                        if (logPi0 is null) continue;
                        _distillWeights[k * a + b] = p * scale;
                        terms.LogPi0[r * a + b] = lp0[k * a + b];
                    }
                    // ExpectedNow: the current step's sampled regulariser leaves the advantage; its mean under pi_i
                    // stays (its gradient comes from the analytic term instead).
                    _ownStepCorrection[k] = _options.Regulariser == RegulariserForm.ExpectedNow ? (sampled - reward) - expected : 0f;
                }
            }
            for (int w = 0; w < _workers; w++) _bootstrap[i * _workers + w] = v[n * _workers + w];
        }
        return entropy;
    }

    /// <summary>R' = R + (alpha/beta) log pi_0(a|s) - (1/beta) log pi_i(a|s); with alpha = 0 the pi_0 term vanishes (no KL).</summary>
    internal static float RegularisedReward(float reward, float logPi0, float logPiI, float alpha, float beta) =>
        alpha == 0f ? reward - logPiI / beta : reward + (alpha * logPi0 - logPiI) / beta;

    /// <summary>
    /// n-step returns over <paramref name="steps"/> time-major steps of <paramref name="columns"/> rows (entry
    /// t*columns + j): G_t = R_t + gamma * next, where next is 0 after a terminal step, the final observation's value
    /// after a time-limit cut (<paramref name="truncationValues"/>), G_{t+1} inside an episode, and
    /// <paramref name="bootstrapValues"/>[j] = V(s_steps) after the last step.
    /// </summary>
    internal static void NStepReturns(ReadOnlySpan<float> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> truncationValues, ReadOnlySpan<float> bootstrapValues, float gamma, int steps, int columns, Span<float> returns)
    {
        int count = steps * columns;
        if (rewards.Length < count || terminated.Length < count || truncated.Length < count || truncationValues.Length < count
            || returns.Length < count || bootstrapValues.Length < columns)
            throw new ArgumentException($"NStepReturns needs {steps} x {columns} entries in every buffer.");
        for (int n = 0; n < columns; n++)
        {
            float next = bootstrapValues[n];
            for (int t = steps - 1; t >= 0; t--)
            {
                int k = t * columns + n;
                if (terminated[k]) next = 0f;
                else if (truncated[k]) next = truncationValues[k];
                next = rewards[k] + gamma * next;
                returns[k] = next;
            }
        }
    }

    /// <summary>Policy gradient: -sum_r w_r log pi(a_r|s_r), w_r = advantage_r * row scale; <paramref name="logPi"/> is [R, A].</summary>
    internal static Tensor PolicyGradient(Graph g, Tensor logPi, ReadOnlySpan<int> actions, ReadOnlySpan<float> weightedAdvantages)
    {
        var picked = g.Gather(logPi, actions);
        var w = g.Input(new Shape(weightedAdvantages.Length), weightedAdvantages);
        return g.Neg(g.Sum(g.Mul(picked, w)));
    }

    /// <summary>Value regression: scale * sum_r 0.5 (V(s_r) - G_r)^2 for <paramref name="values"/> [R].</summary>
    internal static Tensor ValueRegression(Graph g, Tensor values, ReadOnlySpan<float> returns, float scale)
    {
        var target = g.Input(new Shape(returns.Length), returns);
        var error = g.Sub(values, target);
        return g.MulScalar(g.Sum(g.Mul(error, error)), 0.5f * scale);
    }

    /// <summary>
    /// The regulariser of each visited state in closed form: -scale * sum_r sum_a pi_i(a|s_r) ((alpha/beta) log pi_0(a|s_r)
    /// - (1/beta) log pi_i(a|s_r)), differentiated through pi_i only; <paramref name="logPi0"/> [R*A] is a constant
    /// (may be empty when alpha = 0, and then the term is minus the entropy bonus (1/beta) H(pi_i)).
    /// </summary>
    internal static Tensor AnalyticRegulariser(Graph g, Tensor logits, ReadOnlySpan<float> logPi0, float alpha, float beta, float scale)
    {
        var pi = g.Softmax(logits);
        var logPi = g.LogSoftmax(logits);
        var inner = g.MulScalar(logPi, -1f / beta);
        if (alpha > 0f) inner = g.Add(inner, g.MulScalar(g.Input(logits.Shape, logPi0), alpha / beta));
        return g.MulScalar(g.Sum(g.Mul(pi, inner)), -scale);
    }
}
