namespace Distral.Experiments;

/// <summary>Best and median env steps per second of one configuration, its median per CPU second and per-update allocation.</summary>
public readonly record struct ActorCriticThroughputSummary(string Label, int Runs, double BestStepsPerSecond, double MedianStepsPerSecond,
    double MedianStepsPerCpuSecond, double MedianAllocatedBytesPerUpdate)
{
    /// <summary>The summary of the runs labelled <paramref name="label"/> (at least one).</summary>
    public static ActorCriticThroughputSummary Of(string label, IEnumerable<ActorCriticThroughputRun> runs)
    {
        var mine = runs.Where(r => r.Label == label).ToList();
        return new ActorCriticThroughputSummary(label, mine.Count, mine.Max(r => r.StepsPerSecond), Median(mine.Select(r => r.StepsPerSecond)),
            Median(mine.Select(r => r.StepsPerCpuSecond)), Median(mine.Select(r => r.AllocatedBytesPerUpdate)));
    }

    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
