using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>Post-training evaluation: greedy episodes of the task policies and of pi_0, and pi_0 in the two-room corridor.</summary>
public static class Evaluation
{
    /// <summary>The corridor of the two-room layout: row 4, columns 3..6.</summary>
    public static readonly GridPoint[] CorridorCells = [new(4, 3), new(4, 4), new(4, 5), new(4, 6)];

    /// <summary>
    /// One episode on <paramref name="env"/> (which should carry a time limit) acting greedily with task
    /// <paramref name="task"/>'s policy, or with pi_0 when <paramref name="distilled"/>; returns steps and return.
    /// </summary>
    public static (int Steps, double Return) GreedyEpisode(IMultitaskAgent agent, int task, IEnv env, bool distilled, int seed)
    {
        var (steps, total, _) = RunEvaluator.Episode(agent, distilled ? EvalPolicy.Distilled : new EvalPolicy(task), env, greedy: true, seed,
            new float[env.ObservationSpace.Size]);
        return (steps, total);
    }

    /// <summary>
    /// pi_0 in the corridor cells given the previous action left or right (paper Fig. 3, whose "no previous reward"
    /// means no goal or bump reward), averaged over the cells and both directions: P(repeat the direction),
    /// P(up or down). The observation is the one the env really produces after moving left/right into a corridor
    /// cell: the previous reward is the plain step reward (-0.1 by default). A previous reward of exactly 0 never
    /// occurs after an action, so querying pi_0 there would measure an unseen input.
    /// </summary>
    public static CorridorSummary Pi0Corridor(IMultitaskAgent agent, GridWorldOptions? options = null)
    {
        var cells = Pi0CorridorCells(agent, options);
        double pContinue = cells.Average(c => (double)c.Probabilities[c.PreviousAction]);
        double pVertical = cells.Average(c => (double)(c.Probabilities[GridWorld.Up] + c.Probabilities[GridWorld.Down]));
        return new CorridorSummary(pContinue, pVertical);
    }

    /// <summary>
    /// The gridworld options (rewards, observation encoding) of the first gridworld among <paramref name="envs"/> when
    /// the two-room probe can query the agent with them (same observation size as the run's); otherwise null.
    /// </summary>
    public static GridWorldOptions? CorridorOptions(IReadOnlyList<IEnv> envs)
    {
        var grid = envs.Select(RunLoader.GridOf).FirstOrDefault(g => g is not null);
        if (grid is null) return null;
        int size = new GridWorld(ThesisPlans.Map(4), grid.Options).ObservationSpace.Size;
        return size == envs[0].ObservationSpace.Size ? grid.Options : null;
    }

    /// <summary>pi_0's action probabilities in every corridor cell x previous action {left, right} (the cells behind <see cref="Pi0Corridor"/>).</summary>
    public static IReadOnlyList<CorridorCell> Pi0CorridorCells(IMultitaskAgent agent, GridWorldOptions? options = null)
    {
        // The two-room layout with plan4's goal (bottom-right corner), away from the corridor and its neighbours,
        // so no probe step reaches a goal; the thesis encoding does not depend on where the goal is.
        var env = new GridWorld(ThesisPlans.Map(4), options);
        var obs = new float[env.ObservationSpace.Size];
        var cells = new List<CorridorCell>();
        foreach (var cell in CorridorCells)
        {
            foreach (int previous in (ReadOnlySpan<int>)[GridWorld.Left, GridWorld.Right])
            {
                CorridorObservation(env, cell, previous, obs);
                var probs = new float[GridWorld.ActionCount];
                agent.DistilledProbabilities(obs, probs);
                cells.Add(new CorridorCell(cell, previous, probs));
            }
        }
        return cells;
    }

    /// <summary>
    /// The observation after arriving at corridor <paramref name="cell"/> by moving <paramref name="direction"/>
    /// (left or right), produced by stepping the env itself so that the encoding matches training exactly.
    /// </summary>
    public static void CorridorObservation(GridWorld env, GridPoint cell, int direction, Span<float> destination)
    {
        if (direction is not (GridWorld.Left or GridWorld.Right)) throw new ArgumentOutOfRangeException(nameof(direction));
        // Start one cell behind and step in the direction of travel; the cell behind is free (corridor or room).
        var behind = GridWorld.Move(cell, direction == GridWorld.Left ? GridWorld.Right : GridWorld.Left);
        env.Reset(0);
        env.SetAgent(behind);
        var step = env.Step(direction);
        if (env.Agent != cell) throw new InvalidOperationException($"Moving {direction} from {behind} did not reach {cell}.");
        step.Observation.CopyTo(destination);
    }
}
