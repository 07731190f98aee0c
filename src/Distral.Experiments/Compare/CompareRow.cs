namespace Distral.Experiments;

/// <summary>One configuration of a comparison summarised over its seeds (mean and sample standard deviation).</summary>
/// <param name="Name">The configuration's name.</param>
/// <param name="Algorithm">Its algorithm.</param>
/// <param name="Seeds">Runs (seeds) averaged.</param>
/// <param name="DurationLast50">Mean duration of the last 50 episodes (mean over tasks).</param>
/// <param name="DurationLast50Sd">Its standard deviation over seeds.</param>
/// <param name="Auc">Area under the learning curve (sum of returns over tasks and episodes).</param>
/// <param name="AucSd">Its standard deviation over seeds.</param>
/// <param name="FinalReturn">Mean return of the last 50 episodes (mean over tasks).</param>
/// <param name="FinalReturnSd">Its standard deviation over seeds.</param>
public sealed record CompareRow(string Name, string Algorithm, int Seeds, double DurationLast50, double DurationLast50Sd, double Auc, double AucSd,
    double FinalReturn, double FinalReturnSd);
