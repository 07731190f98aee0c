using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>
/// The per-cell view behind <see cref="Evaluation.Pi0Corridor"/>: pi_0's action probabilities in each corridor cell
/// of the two-room map given the previous action left or right, on the same observations the averages use.
/// </summary>
public static class CorridorProbe
{
    /// <summary>
    /// Every corridor cell x {left, right}. A user error (<see cref="ConfigException"/>) when the run has no pi_0
    /// or its observations are not the two-room gridworld's.
    /// </summary>
    public static IReadOnlyList<CorridorCell> PerCell(LoadedRun run)
    {
        var (agent, options) = Check(run);
        return Evaluation.Pi0CorridorCells(agent, options);
    }

    /// <summary>The averages of summary.json's pi0_corridor for <paramref name="run"/> (same checks as <see cref="PerCell"/>).</summary>
    public static CorridorSummary Averages(LoadedRun run)
    {
        var (agent, options) = Check(run);
        return Evaluation.Pi0Corridor(agent, options);
    }

    private static (IMultitaskAgent Agent, GridWorldOptions Options) Check(LoadedRun run)
    {
        if (!run.Agent.HasDistilledPolicy)
            throw new ConfigException($"{run.Directory}: algorithm {run.Config.Algorithm} learns no distilled policy pi_0, so there is no corridor view");
        if (!run.Envs.Any(e => RunLoader.GridOf(e) is not null))
            throw new ConfigException($"{run.Directory}: the corridor view needs gridworld tasks (two-room family or plans)");
        var options = Evaluation.CorridorOptions(run.Envs)
            ?? throw new ConfigException($"{run.Directory}: the run's observations ({run.Envs[0].ObservationSpace.Size} values) are not the two-room gridworld's");
        return (run.Agent, options);
    }
}
