using Distral.Envs;

namespace Distral.Agents.Tests;

/// <summary>
/// Test helpers for the tabular solvers: the library's built-in thesis plans 4-8 (task registry, their
/// <see cref="IModelEnv.Model"/>), a greedy walk through the env itself, and a random stochastic MDP
/// generator for property tests (no library equivalent).
/// </summary>
internal static class TestMaps
{
    /// <summary>
    /// Plans 4-8 and their BFS shortest paths as written in gridworld-plans.md; kept as literals so the
    /// library's BFS and maps are checked against the reference, not against themselves.
    /// </summary>
    public static readonly (int Plan, int ShortestPath)[] TwoRoomPlans =
        [(4, 13), (5, 9), (6, 5), (7, 13), (8, 12)];

    /// <summary>The built-in task "plan{number}" of the default registry.</summary>
    public static GridWorld Plan(int number) => (GridWorld)TaskRegistry.Default.Make($"plan{number}");

    public static GridWorld[] TwoRoomWorlds() => TwoRoomPlans.Select(p => Plan(p.Plan)).ToArray();

    public static TabularModel[] TwoRoomModels() => TwoRoomWorlds().Select(w => w.Model).ToArray();

    /// <summary>The model state of the plan's fixed start cell.</summary>
    public static int StartState(GridWorld world) => world.Map.StateIndex(world.Map.Start!.Value);

    /// <summary>
    /// Steps taken by following <paramref name="action"/> (state -> action) in the env from its start until the
    /// episode terminates (cap + 1 when it never does). Walks the env, not the model the solver used.
    /// </summary>
    public static int GreedySteps(IModelEnv env, Func<int, int> action, int cap = 200)
    {
        env.Reset(seed: 0);
        for (int steps = 1; steps <= cap; steps++)
            if (env.Step(action(env.StateIndex)).Terminated) return steps;
        return cap + 1;
    }

    /// <summary>A random finite MDP with stochastic transitions, one terminal state and a random start distribution.</summary>
    public static TabularModel RandomMdp(Distral.Tensors.Rng rng, int numStates, int numActions)
    {
        var start = new int[numStates * numActions + 1];
        var next = new List<int>();
        var prob = new List<double>();
        var reward = new double[numStates * numActions];
        var terminal = new bool[numStates];
        terminal[numStates - 1] = true;
        var initial = new double[numStates];
        double initialTotal = 0;
        for (int s = 0; s < numStates - 1; s++) { initial[s] = rng.NextDouble() + 0.01; initialTotal += initial[s]; }
        for (int s = 0; s < numStates - 1; s++) initial[s] /= initialTotal;
        for (int sa = 0; sa < numStates * numActions; sa++)
        {
            start[sa] = next.Count;
            reward[sa] = 2 * rng.NextDouble() - 1;
            int successors = 1 + rng.NextInt(3);
            var weights = new double[successors];
            double total = 0;
            for (int k = 0; k < successors; k++) { weights[k] = rng.NextDouble() + 0.05; total += weights[k]; }
            for (int k = 0; k < successors; k++) { next.Add(rng.NextInt(numStates)); prob.Add(weights[k] / total); }
        }
        start[^1] = next.Count;
        return new TabularModel(numStates, numActions, start, next.ToArray(), prob.ToArray(), reward, terminal, initial);
    }
}
