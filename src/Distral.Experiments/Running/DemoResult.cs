namespace Distral.Experiments;

/// <summary>The demo's main run and its baseline (null when the main run already was the baseline's algorithm).</summary>
public sealed record DemoResult(RunResult Main, RunResult? Baseline)
{
    /// <summary>Mean episode duration over all episodes, averaged over the tasks, of a run's summary (lower is better).</summary>
    public static double MeanDuration(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Tasks.Average(t => t.MeanDurationAll);
    }
}
