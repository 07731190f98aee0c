namespace Distral.Agents.Tabular;

/// <summary>
/// Values and policy of one task from (soft) value iteration. Arrays are row-major [s * A + a];
/// terminal states have V = 0 and Q = 0.
/// </summary>
public sealed class TabularValueSolution
{
    /// <summary>Number of states.</summary>
    public int NumStates { get; }

    /// <summary>Number of actions.</summary>
    public int NumActions { get; }

    /// <summary>Q(s, a), row-major.</summary>
    public double[] Q { get; }

    /// <summary>V(s).</summary>
    public double[] V { get; }

    /// <summary>pi(a|s), row-major (greedy one-hot for hard value iteration).</summary>
    public double[] Policy { get; }

    /// <summary>log pi(a|s), computed without exponentiating (finite even where pi underflows to 0).</summary>
    public double[] LogPolicy { get; }

    /// <summary>Gauss-Seidel sweeps performed.</summary>
    public int Sweeps { get; }

    /// <summary>max_s |V(s) - (T V)(s)| of the returned values (one Jacobi application of the Bellman operator).</summary>
    public double BellmanResidual { get; }

    /// <summary>True when the sweep tolerance was reached before the sweep cap.</summary>
    public bool Converged { get; }

    /// <summary>Wraps arrays computed by a solver.</summary>
    public TabularValueSolution(int numStates, int numActions, double[] q, double[] v, double[] policy,
        double[] logPolicy, int sweeps, double bellmanResidual, bool converged)
    {
        NumStates = numStates;
        NumActions = numActions;
        Q = q;
        V = v;
        Policy = policy;
        LogPolicy = logPolicy;
        Sweeps = sweeps;
        BellmanResidual = bellmanResidual;
        Converged = converged;
    }

    /// <summary>The most probable action at state s (lowest index on ties).</summary>
    public int GreedyAction(int state)
    {
        int best = 0;
        for (int a = 1; a < NumActions; a++)
            if (LogPolicy[state * NumActions + a] > LogPolicy[state * NumActions + best]) best = a;
        return best;
    }
}
