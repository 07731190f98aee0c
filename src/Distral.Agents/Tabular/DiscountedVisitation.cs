using Distral.Envs;

namespace Distral.Agents.Tabular;

/// <summary>
/// Discounted state-action visitations d(s,a) = sum_t gamma^t P(s_t = s, a_t = a) of a policy from the
/// model's initial distribution. No action is taken at terminal states, so d is 0 there.
/// </summary>
public static class DiscountedVisitation
{
    /// <summary>
    /// Solves d_S = mu + gamma T_pi^T d_S over non-terminal states (dense Gaussian elimination when
    /// NumStates &lt;= <paramref name="directSolveMaxStates"/>, fixed-point iteration otherwise) and
    /// returns d(s,a) = d_S(s) pi(a|s), row-major.
    /// </summary>
    /// <exception cref="InvalidOperationException">The policy does not terminate (singular system with gamma = 1).</exception>
    public static double[] Compute(TabularModel model, ReadOnlySpan<double> policy, double gamma,
        int directSolveMaxStates = 1500, double tolerance = 1e-14, int maxIterations = 1_000_000)
    {
        int numStates = model.NumStates, numActions = model.NumActions;
        if (policy.Length != numStates * numActions) throw new ArgumentException("policy must have NumStates*NumActions entries.");
        double[] stateVisits = numStates <= directSolveMaxStates
            ? SolveDirect(model, policy, gamma)
            : SolveIterative(model, policy, gamma, tolerance, maxIterations);

        var visits = new double[numStates * numActions];
        for (int s = 0; s < numStates; s++)
        {
            if (model.Terminal[s]) continue;
            for (int a = 0; a < numActions; a++) visits[s * numActions + a] = stateVisits[s] * policy[s * numActions + a];
        }
        return visits;
    }

    private static double[] SolveDirect(TabularModel model, ReadOnlySpan<double> policy, double gamma)
    {
        int n = model.NumStates, numActions = model.NumActions;
        // Row s of (I - gamma T^T): d(s) - gamma sum_{s'} d(s') sum_a pi(a|s') P(s|s',a) = mu(s).
        var matrix = new double[n * n];
        var rhs = new double[n];
        for (int s = 0; s < n; s++)
        {
            matrix[s * n + s] = 1;
            if (!model.Terminal[s]) rhs[s] = model.Initial[s];
        }
        for (int from = 0; from < n; from++)
        {
            if (model.Terminal[from]) continue;
            for (int a = 0; a < numActions; a++)
            {
                double weight = gamma * policy[from * numActions + a];
                if (weight == 0) continue;
                int sa = from * numActions + a;
                for (int k = model.TransitionStart[sa]; k < model.TransitionStart[sa + 1]; k++)
                {
                    int to = model.NextState[k];
                    if (model.Terminal[to]) continue; // the episode ends on arrival
                    matrix[to * n + from] -= weight * model.Probability[k];
                }
            }
        }
        GaussianElimination(matrix, rhs, n);
        return rhs;
    }

    /// <summary>In-place solve with partial pivoting; the solution replaces rhs.</summary>
    private static void GaussianElimination(double[] m, double[] rhs, int n)
    {
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(m[r * n + col]) > Math.Abs(m[pivot * n + col])) pivot = r;
            if (Math.Abs(m[pivot * n + col]) < 1e-300)
                throw new InvalidOperationException("Visitation system is singular: the policy never terminates (gamma = 1).");
            if (pivot != col)
            {
                for (int c = 0; c < n; c++) (m[col * n + c], m[pivot * n + c]) = (m[pivot * n + c], m[col * n + c]);
                (rhs[col], rhs[pivot]) = (rhs[pivot], rhs[col]);
            }
            double diag = m[col * n + col];
            for (int r = col + 1; r < n; r++)
            {
                double factor = m[r * n + col] / diag;
                if (factor == 0) continue;
                for (int c = col; c < n; c++) m[r * n + c] -= factor * m[col * n + c];
                rhs[r] -= factor * rhs[col];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = rhs[r];
            for (int c = r + 1; c < n; c++) sum -= m[r * n + c] * rhs[c];
            rhs[r] = sum / m[r * n + r];
        }
    }

    private static double[] SolveIterative(TabularModel model, ReadOnlySpan<double> policy, double gamma,
        double tolerance, int maxIterations)
    {
        int n = model.NumStates, numActions = model.NumActions;
        var current = new double[n];
        var next = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            for (int s = 0; s < n; s++) next[s] = model.Terminal[s] ? 0 : model.Initial[s];
            for (int from = 0; from < n; from++)
            {
                if (model.Terminal[from] || current[from] == 0) continue;
                for (int a = 0; a < numActions; a++)
                {
                    double mass = gamma * current[from] * policy[from * numActions + a];
                    int sa = from * numActions + a;
                    for (int k = model.TransitionStart[sa]; k < model.TransitionStart[sa + 1]; k++)
                        if (!model.Terminal[model.NextState[k]]) next[model.NextState[k]] += mass * model.Probability[k];
                }
            }
            double maxChange = 0, maxValue = 0;
            for (int s = 0; s < n; s++)
            {
                maxChange = Math.Max(maxChange, Math.Abs(next[s] - current[s]));
                maxValue = Math.Max(maxValue, next[s]);
            }
            (current, next) = (next, current);
            if (maxChange <= tolerance * (1 + maxValue)) return current;
        }
        return current;
    }
}
