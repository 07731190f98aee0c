namespace Distral.Agents.Tabular;

/// <summary>
/// Output of <see cref="TabularDistral"/>. Policies and Q are row-major [s * A + a]. The task
/// solutions are soft-optimal for the returned <see cref="Pi0"/> (eqs 2-4 hold exactly up to the
/// soft value tolerance).
/// </summary>
public sealed class TabularDistralResult
{
    /// <summary>Number of states.</summary>
    public int NumStates { get; }

    /// <summary>Number of actions.</summary>
    public int NumActions { get; }

    /// <summary>The distilled policy pi_0(a|s).</summary>
    public double[] Pi0 { get; }

    /// <summary>Per-task soft value iteration results for pi_0 (policy, Q, V, residual).</summary>
    public IReadOnlyList<TabularValueSolution> Tasks { get; }

    /// <summary>Per-task discounted state-action visitations of the final task policies.</summary>
    public IReadOnlyList<double[]> Visitations { get; }

    /// <summary>Per-task regularised returns of the final (pi_0, pi_i); they sum to <see cref="FinalObjective"/>.</summary>
    public IReadOnlyList<double> TaskObjectives { get; }

    /// <summary>J after the distillation step of each alternation (pi_0 new, pi_i from that alternation).</summary>
    public IReadOnlyList<double> Objective { get; }

    /// <summary>J after the soft value iteration step of each alternation (pi_i new, pi_0 from before).</summary>
    public IReadOnlyList<double> ObjectiveAfterTaskStep { get; }

    /// <summary>J of the returned pi_0 and task policies.</summary>
    public double FinalObjective { get; }

    /// <summary>Alternations performed.</summary>
    public int Iterations { get; }

    /// <summary>True when pi_0 stopped moving (within tolerance) before the iteration cap.</summary>
    public bool Converged { get; }

    /// <summary>Builds a result from solver output.</summary>
    public TabularDistralResult(int numStates, int numActions, double[] pi0, IReadOnlyList<TabularValueSolution> tasks,
        IReadOnlyList<double[]> visitations, IReadOnlyList<double> taskObjectives, IReadOnlyList<double> objective,
        IReadOnlyList<double> objectiveAfterTaskStep, double finalObjective, int iterations, bool converged)
    {
        NumStates = numStates;
        NumActions = numActions;
        Pi0 = pi0;
        Tasks = tasks;
        Visitations = visitations;
        TaskObjectives = taskObjectives;
        Objective = objective;
        ObjectiveAfterTaskStep = objectiveAfterTaskStep;
        FinalObjective = finalObjective;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Task i's policy pi_i(a|s), row-major.</summary>
    public double[] Pi(int task) => Tasks[task].Policy;

    /// <summary>Task i's soft Q(s,a), row-major.</summary>
    public double[] Q(int task) => Tasks[task].Q;

    /// <summary>Task i's soft V(s).</summary>
    public double[] V(int task) => Tasks[task].V;

    /// <summary>Largest Bellman residual over the tasks.</summary>
    public double MaxBellmanResidual => Tasks.Max(t => t.BellmanResidual);
}
