using Distral.Envs;

namespace Distral.Agents.Tabular;

/// <summary>Ordinary (hard-max) value iteration: the beta -> infinity limit of soft value iteration.</summary>
public static class ValueIteration
{
    /// <summary>
    /// Gauss-Seidel value iteration to a sweep-change tolerance; the returned policy is greedy one-hot
    /// (lowest action index on exact ties).
    /// </summary>
    public static TabularValueSolution Solve(TabularModel model, double gamma, double tolerance = 1e-12, int maxSweeps = 200_000)
    {
        int numStates = model.NumStates, numActions = model.NumActions;
        var values = new double[numStates];
        var (sweeps, converged) = SoftValueIteration.GaussSeidel(model, values, tolerance, maxSweeps, s =>
        {
            double best = double.NegativeInfinity;
            for (int a = 0; a < numActions; a++)
                best = Math.Max(best, SoftValueIteration.ActionValue(model, s * numActions + a, values, gamma));
            return best;
        });

        var q = new double[numStates * numActions];
        var policy = new double[numStates * numActions];
        var logPolicy = new double[numStates * numActions];
        double residual = 0;
        for (int s = 0; s < numStates; s++)
        {
            int row = s * numActions, bestAction = 0;
            if (!model.Terminal[s])
            {
                for (int a = 0; a < numActions; a++)
                {
                    q[row + a] = SoftValueIteration.ActionValue(model, row + a, values, gamma);
                    if (q[row + a] > q[row + bestAction]) bestAction = a;
                }
                double gap = Math.Abs(q[row + bestAction] - values[s]);
                if (!(gap <= residual)) residual = gap;
            }
            for (int a = 0; a < numActions; a++)
            {
                policy[row + a] = a == bestAction ? 1 : 0;
                logPolicy[row + a] = a == bestAction ? 0 : double.NegativeInfinity;
            }
        }
        return new TabularValueSolution(numStates, numActions, q, values, policy, logPolicy, sweeps, residual, converged);
    }
}
