namespace Distral.Experiments;

/// <summary>One grid point of a finished sweep: its runs (one per seed) and the selection figures over seeds.</summary>
/// <param name="Point">The grid point.</param>
/// <param name="Runs">Its runs in seed order.</param>
/// <param name="Auc">Mean over seeds of the area under the learning curve (sum of returns over tasks and episodes): the selection criterion.</param>
/// <param name="AucSd">Its standard deviation over seeds.</param>
/// <param name="FinalReturn">Mean over seeds of the final return (mean over tasks of the last-50 mean return).</param>
public sealed record SweepPointResult(SweepPoint Point, IReadOnlyList<CompareRun> Runs, double Auc, double AucSd, double FinalReturn);
