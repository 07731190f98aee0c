namespace Distral.Experiments;

/// <summary>One finished run of a comparison and the figures the tables use.</summary>
/// <param name="Name">The configuration's name.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Directory">The run directory.</param>
/// <param name="Summary">Its summary.json.</param>
/// <param name="Auc">Area under the learning curve: the sum of the returns of every task's first <c>episodes</c> episodes.</param>
/// <param name="FinalReturn">Mean over tasks of the mean return of the last 50 episodes.</param>
/// <param name="MeanDurationLast50">Mean over tasks of the mean duration of the last 50 episodes.</param>
public sealed record CompareRun(string Name, ulong Seed, string Directory, RunSummary Summary, double Auc, double FinalReturn, double MeanDurationLast50);
