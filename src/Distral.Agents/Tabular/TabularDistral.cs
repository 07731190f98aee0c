using Distral.Envs;

namespace Distral.Agents.Tabular;

/// <summary>
/// Exact tabular Distral: alternates soft value iteration of every task against a fixed pi_0
/// (paper eqs 2-4) with closed-form distillation pi_0(a|s) proportional to sum_i d_i(s,a) (eq 5).
/// Both steps maximise the objective J exactly, so J never decreases (EM-like).
/// </summary>
public sealed class TabularDistral
{
    /// <summary>The solver settings.</summary>
    public TabularDistralOptions Options { get; }

    /// <summary>Creates a solver; validates the options.</summary>
    public TabularDistral(TabularDistralOptions options)
    {
        options.Validate();
        Options = options;
    }

    /// <summary>Runs Distral from a uniform pi_0 until pi_0 stops moving or MaxIterations is hit.</summary>
    public TabularDistralResult Solve(IReadOnlyList<TabularModel> models)
    {
        var (numStates, numActions) = CheckModels(models);
        var options = Options;
        var pi0 = Uniform(numStates, numActions);
        var logPi0 = LogOf(pi0);
        var warmValues = new double[models.Count][];
        for (int i = 0; i < models.Count; i++) warmValues[i] = new double[numStates];

        var objective = new List<double>();
        var objectiveAfterTaskStep = new List<double>();
        var visitations = new double[models.Count][];
        var tasks = new TabularValueSolution[models.Count];
        bool converged = false;
        int iterations = 0;
        while (iterations < options.MaxIterations)
        {
            iterations++;
            for (int i = 0; i < models.Count; i++)
            {
                tasks[i] = SolveTask(models[i], logPi0, warmValues[i]);
                warmValues[i] = tasks[i].V;
                visitations[i] = DiscountedVisitation.Compute(models[i], tasks[i].Policy, options.Gamma, options.DirectSolveMaxStates);
            }
            objectiveAfterTaskStep.Add(Objective(models, logPi0, tasks, visitations, null));

            var newPi0 = Distill(visitations, numStates, numActions, options.SmoothingFloor);
            var newLogPi0 = LogOf(newPi0);
            objective.Add(Objective(models, newLogPi0, tasks, visitations, null));

            double maxMove = 0;
            for (int k = 0; k < pi0.Length; k++) maxMove = Math.Max(maxMove, Math.Abs(newPi0[k] - pi0[k]));
            pi0 = newPi0;
            logPi0 = newLogPi0;
            if (maxMove <= options.Tolerance) { converged = true; break; }
        }

        // Final task step so the returned pi_i, Q, V are soft-optimal for the returned pi_0.
        for (int i = 0; i < models.Count; i++)
        {
            tasks[i] = SolveTask(models[i], logPi0, warmValues[i]);
            visitations[i] = DiscountedVisitation.Compute(models[i], tasks[i].Policy, options.Gamma, options.DirectSolveMaxStates);
        }
        var taskObjectives = new double[models.Count];
        double final = Objective(models, logPi0, tasks, visitations, taskObjectives);
        return new TabularDistralResult(numStates, numActions, pi0, tasks, visitations, taskObjectives,
            objective, objectiveAfterTaskStep, final, iterations, converged);
    }

    /// <summary>
    /// The "soft Q alone" baseline: each task solved by soft value iteration against a uniform prior,
    /// no distillation. Objective lists hold the single J of that solution; Pi0 is uniform.
    /// </summary>
    public TabularDistralResult SolveIndependent(IReadOnlyList<TabularModel> models)
    {
        var (numStates, numActions) = CheckModels(models);
        var pi0 = Uniform(numStates, numActions);
        var logPi0 = LogOf(pi0);
        var tasks = new TabularValueSolution[models.Count];
        var visitations = new double[models.Count][];
        for (int i = 0; i < models.Count; i++)
        {
            tasks[i] = SolveTask(models[i], logPi0, null);
            visitations[i] = DiscountedVisitation.Compute(models[i], tasks[i].Policy, Options.Gamma, Options.DirectSolveMaxStates);
        }
        var taskObjectives = new double[models.Count];
        double j = Objective(models, logPi0, tasks, visitations, taskObjectives);
        return new TabularDistralResult(numStates, numActions, pi0, tasks, visitations, taskObjectives,
            [j], [j], j, 1, tasks.All(t => t.Converged));
    }

    /// <summary>
    /// Closed-form distillation: pi_0(a|s) = sum_i d_i(s,a) / sum_{i,a'} d_i(s,a'), uniform at states no
    /// task visits, then mixed with the uniform policy by <paramref name="smoothingFloor"/>.
    /// </summary>
    public static double[] Distill(IReadOnlyList<double[]> visitations, int numStates, int numActions, double smoothingFloor = 0)
    {
        var pi0 = new double[numStates * numActions];
        for (int s = 0; s < numStates; s++)
        {
            int row = s * numActions;
            double total = 0;
            for (int a = 0; a < numActions; a++)
            {
                double sum = 0;
                foreach (var d in visitations) sum += d[row + a];
                pi0[row + a] = sum;
                total += sum;
            }
            for (int a = 0; a < numActions; a++)
            {
                double p = total > 0 ? pi0[row + a] / total : 1.0 / numActions;
                pi0[row + a] = (1 - smoothingFloor) * p + smoothingFloor / numActions;
            }
        }
        return pi0;
    }

    /// <summary>
    /// One task's regularised return E_pi[sum_t gamma^t (R + (alpha/beta) log pi_0 - (1/beta) log pi)],
    /// evaluated exactly as sum_{s,a} d(s,a) (R + ...). Terms with d(s,a) = 0 contribute 0.
    /// </summary>
    public static double RegularisedReturn(TabularModel model, ReadOnlySpan<double> visitation, ReadOnlySpan<double> logPi0,
        ReadOnlySpan<double> logPolicy, double alpha, double beta)
    {
        double total = 0;
        for (int k = 0; k < visitation.Length; k++)
        {
            if (visitation[k] == 0) continue;
            double prior = alpha == 0 ? 0 : alpha / beta * logPi0[k];
            total += visitation[k] * (model.Reward[k] + prior - logPolicy[k] / beta);
        }
        return total;
    }

    private TabularValueSolution SolveTask(TabularModel model, double[] logPi0, double[]? warm) =>
        SoftValueIteration.Solve(model, logPi0, Options.Alpha, Options.Beta, Options.Gamma,
            Options.SoftValueTolerance, Options.MaxSoftValueSweeps, warm);

    private double Objective(IReadOnlyList<TabularModel> models, double[] logPi0, TabularValueSolution[] tasks,
        double[][] visitations, double[]? perTask)
    {
        double total = 0;
        for (int i = 0; i < models.Count; i++)
        {
            double j = RegularisedReturn(models[i], visitations[i], logPi0, tasks[i].LogPolicy, Options.Alpha, Options.Beta);
            if (perTask is not null) perTask[i] = j;
            total += j;
        }
        return total;
    }

    private static (int NumStates, int NumActions) CheckModels(IReadOnlyList<TabularModel> models)
    {
        if (models.Count == 0) throw new ArgumentException("At least one task model is required.");
        int numStates = models[0].NumStates, numActions = models[0].NumActions;
        for (int i = 1; i < models.Count; i++)
            if (models[i].NumStates != numStates || models[i].NumActions != numActions)
                throw new ArgumentException($"Task {i} has {models[i].NumStates} states x {models[i].NumActions} actions; task 0 has {numStates} x {numActions}.");
        return (numStates, numActions);
    }

    private static double[] Uniform(int numStates, int numActions)
    {
        var pi = new double[numStates * numActions];
        Array.Fill(pi, 1.0 / numActions);
        return pi;
    }

    private static double[] LogOf(double[] probabilities)
    {
        var logs = new double[probabilities.Length];
        for (int k = 0; k < logs.Length; k++) logs[k] = Math.Log(probabilities[k]); // log 0 = -inf is handled downstream
        return logs;
    }
}
