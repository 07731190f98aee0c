using FsCheck;
using FsCheck.Fluent;

namespace Distral.Experiments.Tests;

/// <summary>Jumpstart, time to threshold, AUC and final return of a target learning curve.</summary>
public class TransferMetricsTests
{
    [Fact]
    public void HandComputedCurve()
    {
        // 30 episodes: durations 40 for 12 episodes, then 10; shortest path 8 -> threshold 10 (1.25 x 8).
        double[] durations = [.. Enumerable.Repeat(40.0, 12), .. Enumerable.Repeat(10.0, 18)];
        double[] returns = [.. durations.Select(d => 1 - 0.1 * d)];
        var m = TransferMetrics.Of(returns, durations, 8)!;
        Assert.Equal(-3.0, m.Jumpstart, 9);
        Assert.Equal(22, m.TimeToThreshold); // the window of episodes 13..22 is the first all at 10
        Assert.True(m.Reached);
        Assert.Equal(returns.Average(), m.AreaUnderCurve, 9);
        Assert.Equal(0.0, m.Final, 9);
    }

    [Fact]
    public void NeverReachedCountsTheBudgetAndNoReferenceMeansNoThreshold()
    {
        double[] durations = [.. Enumerable.Repeat(20.0, 15)];
        double[] returns = [.. Enumerable.Repeat(-1.0, 15)];
        var m = TransferMetrics.Of(returns, durations, 10)!;
        Assert.Equal((15, false), (m.TimeToThreshold, m.Reached));
        Assert.False(TransferMetrics.Of(returns, durations, null)!.Reached);
        Assert.Null(TransferMetrics.Of([], [], 10));
    }

    [Fact]
    public void ShorterEpisodesNeverReachTheThresholdLater()
    {
        Prop.ForAll<int[], int>((raw, cut) =>
        {
            if (raw.Length == 0) return true;
            double[] d = [.. raw.Select(x => 1.0 + Math.Abs(x % 50))];
            double[] shorter = [.. d.Select((x, k) => k % 3 == (uint)cut % 3 ? Math.Max(1, x - 5) : x)];
            double[] r = [.. d.Select(x => -0.1 * x)];
            var a = TransferMetrics.Of(r, d, 5)!;
            var b = TransferMetrics.Of(r, shorter, 5)!;
            return b.TimeToThreshold <= a.TimeToThreshold && (!a.Reached || b.Reached);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("runs/x/source/distral/seed3", "runs/x/source/distral/seed*")]
    [InlineData("\"runs/seed12/a\"", "\"runs/seed*/a\"")]
    [InlineData("runs/seedling/seed4x", "runs/seedling/seed4x")]
    public void SourcePathsThatDifferOnlyBySeedShareAPattern(string path, string expected) =>
        Assert.Equal(expected, HtmlReport.SeedPattern(path));
}
