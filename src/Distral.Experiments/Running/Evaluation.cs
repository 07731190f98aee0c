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
        var obs = new float[env.ObservationSpace.Size];
        env.Reset(seed).Observation.CopyTo(obs);
        int steps = 0;
        double total = 0;
        // Guard for envs without a time limit: no evaluation may run forever.
        const int hardCap = 1_000_000;
        while (steps < hardCap)
        {
            int action = distilled ? agent.ActDistilled(obs, greedy: true) : agent.Act(task, obs, greedy: true);
            var r = env.Step(action);
            steps++;
            total += r.Reward;
            if (r.Done) break;
            r.Observation.CopyTo(obs);
        }
        return (steps, total);
    }

    /// <summary>
    /// pi_0 in the corridor cells given the previous action left or right and previous reward 0 (thesis
    /// observation encoding), averaged over the cells and both directions: P(repeat the direction), P(up or down).
    /// </summary>
    public static CorridorSummary Pi0Corridor(IMultitaskAgent agent)
    {
        var map = TwoRoomRandom.Map(0);
        var obs = new float[3];
        var probs = new float[GridWorld.ActionCount];
        double pContinue = 0, pVertical = 0;
        int count = 0;
        foreach (var cell in CorridorCells)
        {
            foreach (int previous in (ReadOnlySpan<int>)[GridWorld.Left, GridWorld.Right])
            {
                GridEncoder.Thesis.Encode(map, cell, previous, 0f, obs);
                agent.DistilledProbabilities(obs, probs);
                pContinue += probs[previous];
                pVertical += probs[GridWorld.Up] + probs[GridWorld.Down];
                count++;
            }
        }
        return new CorridorSummary(pContinue / count, pVertical / count);
    }
}
