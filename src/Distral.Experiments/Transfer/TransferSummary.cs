namespace Distral.Experiments;

/// <summary>Where a run's networks started from (summary.json `transfer`).</summary>
/// <param name="From">The source run: `prior_run` when set, else `init_from`.</param>
/// <param name="Mode">`prior-trainable`, `prior-frozen`, `init`, or `init-prior-...` when both keys are set.</param>
/// <param name="InitFrom">`init_from` when set (also when it differs from <paramref name="From"/>), else null.</param>
public sealed record TransferSummary(string From, string Mode, string? InitFrom);
