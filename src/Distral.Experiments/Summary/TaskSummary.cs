namespace Distral.Experiments;

/// <summary>One task's line of summary.json (field names in the JSON are snake_case).</summary>
/// <param name="Name">Task name.</param>
/// <param name="Episodes">Episodes trained.</param>
/// <param name="ShortestPath">Fewest steps start -> goal, null where unknown (random start, non-grid).</param>
/// <param name="OptimalReturn">Best undiscounted return, null where unknown.</param>
/// <param name="MeanDurationLast50">Mean steps of the last 50 episodes (all of them if fewer).</param>
/// <param name="MeanDurationAll">Mean steps over all episodes.</param>
/// <param name="MeanReturnLast50">Mean return of the last 50 episodes.</param>
/// <param name="GreedySteps">Steps of one greedy evaluation episode (capped at the episode limit).</param>
/// <param name="GreedyReturn">Return of that episode.</param>
/// <param name="MeanShortestPath">Expected fewest steps to the goal over the start distribution (random starts too), null where unknown.</param>
public sealed record TaskSummary(
    string Name,
    int Episodes,
    int? ShortestPath,
    double? OptimalReturn,
    double MeanDurationLast50,
    double MeanDurationAll,
    double MeanReturnLast50,
    int GreedySteps,
    double GreedyReturn,
    double? MeanShortestPath = null);
