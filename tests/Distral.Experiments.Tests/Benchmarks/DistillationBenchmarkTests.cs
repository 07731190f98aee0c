using Distral.Agents.PolicyDistillation;

namespace Distral.Experiments.Tests;

/// <summary><see cref="DistillationBenchmark"/>: the work of the timed updates, counted exactly, and no allocation in them.</summary>
[Collection(SgemmThreadsCollection.Name)]
public class DistillationBenchmarkTests
{
    [Fact]
    public void TimedUpdatesAreCountedAndAllocateNothing()
    {
        var r = DistillationBenchmark.Run("kl", PolicyDistillationOptions.PolicyDistillation, updates: 5, seed: 1);
        Assert.Equal(("kl", StudentLoss.Kl, 5, 64, DistillationBenchmark.WarmupUpdates, 5L), (r.Name, r.Loss, r.Tasks, r.StatesPerTask, r.WarmupUpdates, r.Updates));
        Assert.Equal((18_132, 85_460), (r.StudentParameters, r.TeacherParameters));
        Assert.True(r.Seconds > 0);
        Assert.Equal(r.UpdatesPerSecond * 5 * 64, r.StatesPerSecond, 6);
        Assert.Equal(0, r.AllocatedBytes); // a per-thread figure: parallel tests cannot disturb it
    }

    [Fact]
    public void EveryStudentIsMeasuredAndActorMimicRegressesFeatures()
    {
        var results = DistillationBenchmark.Measure(updates: 1, seed: 2);
        Assert.Equal(DistillationBenchmark.Students.Select(s => s.Name), results.Select(r => r.Name));
        Assert.All(results, r => Assert.Equal(1, r.Updates));
        Assert.Equal([false, false, false, true, false], results.Select(r => r.FeatureRegression));
        Assert.Equal("36-64-36", results[^1].Hidden);
        Assert.Throws<ArgumentOutOfRangeException>(() => DistillationBenchmark.Measure(0, 1));
    }
}
