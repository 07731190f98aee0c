namespace Distral.Experiments;

/// <summary>Greedy evaluation of the distilled policy pi_0 on every task (task order of the run).</summary>
/// <param name="GreedySteps">Steps of one greedy pi_0 episode per task.</param>
/// <param name="GreedyReturn">Return of that episode per task.</param>
public sealed record DistilledSummary(IReadOnlyList<int> GreedySteps, IReadOnlyList<double> GreedyReturn);
