using Distral.Envs;

namespace Distral.Agents.Tabular;

/// <summary>
/// Soft value iteration for one task with the distilled policy pi_0 fixed (paper eqs 2-4):
/// V(s) = (1/beta) log sum_a pi_0(a|s)^alpha exp(beta Q(s,a)),
/// Q(s,a) = R(s,a) + gamma sum_s' P(s'|s,a) V(s') (V = 0 at terminal states),
/// pi(a|s) = pi_0(a|s)^alpha exp(beta (Q(s,a) - V(s))).
/// </summary>
public static class SoftValueIteration
{
    /// <summary>
    /// Iterates the soft Bellman operator (Gauss-Seidel, in place: same fixed point, fewer sweeps)
    /// until no value moves by more than <paramref name="tolerance"/> or <paramref name="maxSweeps"/> is hit.
    /// </summary>
    /// <param name="model">The task.</param>
    /// <param name="logPrior">log pi_0(a|s), row-major [s*A+a]; -infinity allowed (zero prior mass).</param>
    /// <param name="alpha">Exponent of pi_0 (1 = KL only, 0 = plain entropy regularisation).</param>
    /// <param name="beta">Inverse temperature.</param>
    /// <param name="gamma">Discount.</param>
    /// <param name="tolerance">Sweep-change tolerance.</param>
    /// <param name="maxSweeps">Sweep cap (needed for gamma = 1).</param>
    /// <param name="initialValues">Optional warm start V (length S); not modified.</param>
    public static TabularValueSolution Solve(TabularModel model, ReadOnlySpan<double> logPrior, double alpha, double beta,
        double gamma, double tolerance = 1e-12, int maxSweeps = 200_000, ReadOnlySpan<double> initialValues = default)
    {
        int numStates = model.NumStates, numActions = model.NumActions;
        if (logPrior.Length != numStates * numActions) throw new ArgumentException("logPrior must have NumStates*NumActions entries.");
        if (!(beta > 0) || double.IsInfinity(beta)) throw new ArgumentException($"beta must be positive and finite, got {beta}.");

        // alpha * log pi_0 with 0 * (-inf) defined as 0 (alpha = 0 ignores the prior entirely).
        var shapedPrior = new double[numStates * numActions];
        for (int i = 0; i < shapedPrior.Length; i++) shapedPrior[i] = alpha == 0 ? 0 : alpha * logPrior[i];

        var values = new double[numStates];
        if (!initialValues.IsEmpty) initialValues.CopyTo(values);
        for (int s = 0; s < numStates; s++) if (model.Terminal[s]) values[s] = 0;

        var logits = new double[numActions];
        var (sweeps, converged) = GaussSeidel(model, values, tolerance, maxSweeps,
            s => SoftBackup(model, s, shapedPrior, values, beta, gamma, logits));

        var q = new double[numStates * numActions];
        var logPolicy = new double[numStates * numActions];
        var policy = new double[numStates * numActions];
        double residual = 0;
        for (int s = 0; s < numStates; s++)
        {
            int row = s * numActions;
            if (model.Terminal[s])
            {
                // No action is taken at a terminal state; report the prior-shaped policy for completeness.
                for (int a = 0; a < numActions; a++) logits[a] = shapedPrior[row + a];
                LogSoftmax(logits, logPolicy.AsSpan(row, numActions));
            }
            else
            {
                for (int a = 0; a < numActions; a++)
                {
                    q[row + a] = ActionValue(model, row + a, values, gamma);
                    logits[a] = shapedPrior[row + a] + beta * q[row + a];
                }
                double backedUp = LogSoftmax(logits, logPolicy.AsSpan(row, numActions)) / beta;
                double gap = Math.Abs(backedUp - values[s]);
                if (!(gap <= residual)) residual = gap;
            }
            for (int a = 0; a < numActions; a++) policy[row + a] = Math.Exp(logPolicy[row + a]);
        }
        return new TabularValueSolution(numStates, numActions, q, values, policy, logPolicy, sweeps, residual, converged);
    }

    /// <summary>Q(s,a) = R(s,a) + gamma sum_s' P(s'|s,a) V(s'), with V already 0 at terminal states.</summary>
    internal static double ActionValue(TabularModel model, int stateAction, double[] values, double gamma)
    {
        double expected = 0;
        for (int k = model.TransitionStart[stateAction]; k < model.TransitionStart[stateAction + 1]; k++)
            expected += model.Probability[k] * values[model.NextState[k]];
        return model.Reward[stateAction] + gamma * expected;
    }

    /// <summary>
    /// Writes log softmax(logits) as (x - max) - log sum exp(x - max), never forming max + log sum, so the
    /// log-probabilities stay accurate (and their exponentials sum to 1) even when beta * Q is ~1e9.
    /// Returns log sum exp(logits).
    /// </summary>
    private static double LogSoftmax(ReadOnlySpan<double> logits, Span<double> logProbabilities)
    {
        double max = double.NegativeInfinity;
        foreach (double x in logits) if (x > max) max = x;
        double sum = 0;
        foreach (double x in logits) sum += Math.Exp(x - max);
        double logSum = Math.Log(sum);
        for (int a = 0; a < logits.Length; a++) logProbabilities[a] = logits[a] - max - logSum;
        return max + logSum;
    }

    private static double SoftBackup(TabularModel model, int state, double[] shapedPrior, double[] values,
        double beta, double gamma, double[] logits)
    {
        int row = state * logits.Length;
        for (int a = 0; a < logits.Length; a++)
            logits[a] = shapedPrior[row + a] + beta * ActionValue(model, row + a, values, gamma);
        return LogSumExp.Of(logits) / beta;
    }

    /// <summary>
    /// In-place Gauss-Seidel sweeps over the non-terminal states, values[s] = backup(s), until the largest change
    /// in a sweep is within tolerance (converged), a sweep produces NaN/infinity, or maxSweeps is reached.
    /// </summary>
    internal static (int Sweeps, bool Converged) GaussSeidel(TabularModel model, double[] values, double tolerance,
        int maxSweeps, Func<int, double> backup)
    {
        int sweeps = 0;
        while (sweeps < maxSweeps)
        {
            sweeps++;
            double maxChange = 0;
            for (int s = 0; s < model.NumStates; s++)
            {
                if (model.Terminal[s]) continue;
                double updated = backup(s);
                double change = Math.Abs(updated - values[s]);
                if (!(change <= maxChange)) maxChange = change; // NaN-propagating max
                values[s] = updated;
            }
            if (maxChange <= tolerance) return (sweeps, true);
            if (double.IsNaN(maxChange) || double.IsInfinity(maxChange)) break;
        }
        return (sweeps, false);
    }
}

/// <summary>Stable log sum exp: subtracts the maximum so beta * Q of any size cannot overflow.</summary>
internal static class LogSumExp
{
    public static double Of(ReadOnlySpan<double> x)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x) if (v > max) max = v;
        if (double.IsNegativeInfinity(max) || double.IsPositiveInfinity(max) || double.IsNaN(max)) return max;
        double sum = 0;
        foreach (double v in x) sum += Math.Exp(v - max); // exp(-inf) = 0 handles zero prior mass
        return max + Math.Log(sum);
    }
}
