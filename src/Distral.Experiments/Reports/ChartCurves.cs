namespace Distral.Experiments;

/// <summary>Curve arithmetic for the report: trailing moving averages and mean ± standard deviation over seeds.</summary>
public static class ChartCurves
{
    /// <summary>
    /// The smoothing window the report uses for <paramref name="episodes"/> episodes: a tenth of them, between 1 and 50.
    /// </summary>
    public static int SmoothingWindow(int episodes) => Math.Clamp(episodes / 10, 1, 50);

    /// <summary>
    /// Trailing moving average: point k is the mean of values max(0, k-window+1)..k (fewer at the start, so
    /// the curve keeps its length and never looks ahead).
    /// </summary>
    public static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[values.Count];
        double sum = 0;
        for (int k = 0; k < values.Count; k++)
        {
            sum += values[k];
            if (k >= window) sum -= values[k - window];
            result[k] = sum / Math.Min(k + 1, window);
        }
        return result;
    }

    /// <summary>
    /// Point-wise mean and sample standard deviation of several curves over their common length (the shortest);
    /// the deviation is 0 for a single curve.
    /// </summary>
    public static (double[] Mean, double[] Sd) MeanAndSpread(IReadOnlyList<IReadOnlyList<double>> curves)
    {
        if (curves.Count == 0) return ([], []);
        int n = curves.Min(c => c.Count);
        var mean = new double[n];
        var sd = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sum = 0;
            foreach (var c in curves) sum += c[k];
            double m = sum / curves.Count;
            double squares = 0;
            foreach (var c in curves) squares += (c[k] - m) * (c[k] - m);
            mean[k] = m;
            sd[k] = curves.Count > 1 ? Math.Sqrt(squares / (curves.Count - 1)) : 0;
        }
        return (mean, sd);
    }

    /// <summary>Point-wise mean of several curves over their common length (e.g. the average over tasks).</summary>
    public static double[] Average(IReadOnlyList<IReadOnlyList<double>> curves) => MeanAndSpread(curves).Mean;
}
