namespace Distral.Envs;

/// <summary>
/// The full model of a finite MDP, for exact solvers (tabular Distral, value iteration, BFS checks).
/// Transitions are stored sparsely: for state s and action a, entries
/// [TransitionStart[s*A+a], TransitionStart[s*A+a+1]) of NextState/Probability list the successors.
/// Reward[s*A+a] is the expected immediate reward. Terminal states end the episode on arrival
/// (they have no successors that matter: solvers give them value 0).
/// </summary>
public sealed class TabularModel
{
    public int NumStates { get; }
    public int NumActions { get; }
    public int[] TransitionStart { get; }
    public int[] NextState { get; }
    public double[] Probability { get; }
    public double[] Reward { get; }
    public bool[] Terminal { get; }

    /// <summary>Distribution of the first state of an episode.</summary>
    public double[] Initial { get; }

    public TabularModel(int numStates, int numActions, int[] transitionStart, int[] nextState,
        double[] probability, double[] reward, bool[] terminal, double[] initial)
    {
        if (transitionStart.Length != numStates * numActions + 1)
            throw new ArgumentException("TransitionStart must have NumStates*NumActions+1 entries.");
        if (nextState.Length != probability.Length || transitionStart[^1] != nextState.Length)
            throw new ArgumentException("NextState and Probability must match TransitionStart.");
        if (reward.Length != numStates * numActions || terminal.Length != numStates || initial.Length != numStates)
            throw new ArgumentException("Reward, Terminal and Initial sizes do not match the state/action counts.");
        NumStates = numStates;
        NumActions = numActions;
        TransitionStart = transitionStart;
        NextState = nextState;
        Probability = probability;
        Reward = reward;
        Terminal = terminal;
        Initial = initial;
    }

    /// <summary>Builds a deterministic model from next[s*A+a] and reward[s*A+a].</summary>
    public static TabularModel Deterministic(int numStates, int numActions, int[] next, double[] reward, bool[] terminal, double[] initial)
    {
        var start = new int[numStates * numActions + 1];
        for (int i = 0; i <= numStates * numActions; i++) start[i] = i;
        var prob = new double[next.Length];
        Array.Fill(prob, 1.0);
        return new TabularModel(numStates, numActions, start, next, prob, reward, terminal, initial);
    }
}
