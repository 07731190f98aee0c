using Distral.Tensors.Kernels;

namespace Distral.Experiments.Tests;

/// <summary><see cref="SoftQScheduleBenchmark"/>: the work of the timed rounds, counted exactly, and no allocation in them.</summary>
[Collection(SgemmThreadsCollection.Name)]
public class SoftQScheduleBenchmarkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TimedRoundsDoOneStepAndOneUpdatePerTaskAndOneDistillation(int taskThreads)
    {
        var r = SoftQScheduleBenchmark.Run(5, 128, SoftQScheduleBenchmark.MinimumWarmup(128), 4, seed: 1, taskThreads);
        Assert.Equal((5, 128, taskThreads, 128, 4), (r.Tasks, r.Batch, r.TaskThreads, r.WarmupRounds, r.Rounds));
        Assert.Equal(20, r.EnvSteps);       // one step per task per round, counted across the task threads
        Assert.Equal(20, r.TaskUpdates);    // the replays hold a batch after the warm-up
        Assert.Equal(4, r.DistillUpdates);  // one per round
        Assert.True(r.Seconds > 0 && r.CpuSeconds > 0);
        Assert.Equal(r.EnvSteps / r.Seconds, r.StepsPerSecond);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SteadyStateRoundsAllocateNothingOnTheAgentThreads(int taskThreads)
    {
        // The zero-allocation claim of docs/speed.md: after the warm-up (replays full enough to learn, buffers grown,
        // a throwaway agent run first for the JIT) a round allocates no byte on the threads that run the agent. The
        // figure is per thread, so tests running in parallel on other threads cannot disturb it.
        var report = SoftQScheduleBenchmark.Measure(new SoftQScheduleBenchmarkOptions { Rounds = 30, TaskThreads = taskThreads, Kernels = false });
        Assert.Equal(0, report.Result.AllocatedBytes);
        Assert.Equal(0.0, report.Result.AllocatedBytesPerRound);
        Assert.Null(report.Kernels);
    }

    [Fact]
    public void GemmWorkOfTheThesisRoundIsTheDocumentedFigure()
    {
        // 5 tasks x (acting + targets + soft-Q step at batch 128) + the distillation step on 640 rows (docs/speed.md).
        var r = new SoftQScheduleResult(5, 128, 1, 128, 1, 5, 5, 1, Seconds: 1, CpuSeconds: 1, 0, 0);
        Assert.Equal(172.205, r.GemmFlopsPerRound / 1e6, 3);
        Assert.Equal(r.GemmFlopsPerRound / 1e9, r.Gflops, 12);
    }

    [Fact]
    public void AWarmUpShorterThanABatchIsRejected()
    {
        Assert.Equal(128, SoftQScheduleBenchmark.MinimumWarmup(128));
        Assert.Equal(512, SoftQScheduleBenchmark.MinimumWarmup(512));
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftQScheduleBenchmark.Run(5, 128, 127, 1, seed: 1));
    }

    [Fact]
    public void ScalingMeasuresEveryRowWithOneAndThenTwoTaskThreads()
    {
        int gemmThreads = Sgemm.MaxThreads;
        var report = SoftQScheduleBenchmark.MeasureScaling(new SoftQScheduleBenchmarkOptions { Rounds = 2, TaskThreads = 2 }, [1, 2], [32]);
        Assert.Equal(gemmThreads, Sgemm.MaxThreads);
        Assert.Equal(2, report.Rounds);
        Assert.Equal([1, 2], report.TaskThreadCounts);
        Assert.Equal([(1, 1), (1, 2), (2, 1), (2, 2)], report.ByTasks.Select(r => (r.Tasks, r.TaskThreads)));
        Assert.Equal([(5, 32, 1), (5, 32, 2)], report.ByBatch.Select(r => (r.Tasks, r.Batch, r.TaskThreads)));
        foreach (var r in report.ByTasks.Concat(report.ByBatch))
        {
            Assert.Equal(2L * r.Tasks, r.EnvSteps);
            Assert.Equal(2L * r.Tasks, r.TaskUpdates);
            // Scaling rows warm up 50 rounds past the replay minimum, into the steady state.
            Assert.Equal(SoftQScheduleBenchmark.MinimumWarmup(r.Batch) + 50, r.WarmupRounds);
        }
        var speedUps = SoftQScalingReport.SpeedUps(report.ByTasks);
        Assert.Equal([false, true, false, true], speedUps.Select(s => s.HasValue));
        Assert.Equal(report.ByTasks[0].MicrosecondsPerRound / report.ByTasks[1].MicrosecondsPerRound, speedUps[1]);
    }

    [Fact]
    public void GemmThreadsApplyWhileMeasuringAndAreRestored()
    {
        int before = Sgemm.MaxThreads;
        var report = SoftQScheduleBenchmark.Measure(new SoftQScheduleBenchmarkOptions { Rounds = 2, GemmThreads = 2, Kernels = false });
        Assert.Equal(before, Sgemm.MaxThreads);
        Assert.Equal(2, report.Options.GemmThreads);
        Assert.Equal(10, report.Result.EnvSteps);
    }
}
