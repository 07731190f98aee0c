namespace Distral.Experiments;

/// <summary>
/// The standard transfer metrics (Taylor and Stone 2009) of one target task's learning curve: <see cref="Jumpstart"/>,
/// <see cref="TimeToThreshold"/>, <see cref="AreaUnderCurve"/> and <see cref="Final"/>. scripts/lib/transfer_table.py
/// computes the same figures for docs/results-transfer.md.
/// </summary>
/// <param name="Jumpstart">Mean return of the first <see cref="Window"/> episodes.</param>
/// <param name="TimeToThreshold">Episodes until the <see cref="Window"/>-episode mean duration is at most
/// <see cref="ThresholdFactor"/> times the expected shortest path; the episode count when never.</param>
/// <param name="Reached">Whether the threshold was reached.</param>
/// <param name="AreaUnderCurve">Mean return over all episodes (the area under the curve per episode).</param>
/// <param name="Final">Mean return of the last <see cref="Window"/> episodes.</param>
public sealed record TransferMetrics(double Jumpstart, int TimeToThreshold, bool Reached, double AreaUnderCurve, double Final)
{
    /// <summary>Episodes of the jumpstart, final and threshold windows.</summary>
    public const int Window = 10;

    /// <summary>The threshold: mean duration within this factor of the expected shortest path.</summary>
    public const double ThresholdFactor = 1.25;

    /// <summary>
    /// The metrics of one curve; <paramref name="shortestPath"/> is the expected fewest steps over the start distribution
    /// (null: no threshold, so never reached). Null when the curve is empty.
    /// </summary>
    public static TransferMetrics? Of(IReadOnlyList<double> returns, IReadOnlyList<double> durations, double? shortestPath)
    {
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentNullException.ThrowIfNull(durations);
        if (returns.Count == 0 || durations.Count == 0) return null;
        int n = returns.Count;
        double jump = returns.Take(Window).Average();
        double final = returns.Skip(Math.Max(0, n - Window)).Average();
        int time = durations.Count;
        bool reached = false;
        if (shortestPath is double sp)
        {
            double sum = 0;
            for (int k = 0; k < durations.Count; k++)
            {
                sum += durations[k];
                if (k >= Window) sum -= durations[k - Window];
                if (k + 1 >= Window && sum / Window <= ThresholdFactor * sp)
                {
                    (time, reached) = (k + 1, true);
                    break;
                }
            }
        }
        return new TransferMetrics(jump, time, reached, returns.Average(), final);
    }
}
