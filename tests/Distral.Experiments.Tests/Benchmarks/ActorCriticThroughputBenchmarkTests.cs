using Distral.Agents.ActorCritic;

namespace Distral.Experiments.Tests;

/// <summary>
/// <see cref="ActorCriticThroughputBenchmark"/>: it runs the committed configs/ac settings, only mode and threads
/// differ between its configurations, and its figures (summaries, ratios) are computed from the runs.
/// </summary>
public class ActorCriticThroughputBenchmarkTests
{
    [Fact]
    public void SettingsAreTheCommittedKl2ColConfig()
    {
        var committed = ConfigLoader.Load(Path.Combine(TestPaths.RepoRoot(), "configs", "ac", "kl-2col.yaml"));
        Assert.True(committed.ValueEquals(ActorCriticThroughputBenchmark.Settings), "the embedded settings differ from configs/ac/kl-2col.yaml");
        Assert.Equal(["plan4", "plan5", "plan6", "plan7", "plan8"], ActorCriticThroughputBenchmark.Settings.Tasks);
        Assert.Equal(1000, ActorCriticThroughputBenchmark.Settings.MaxEpisodeSteps);
    }

    [Theory]
    [InlineData("a3c")]
    [InlineData("a3c-multitask")]
    [InlineData("a3c-2col")]
    [InlineData("kl-1col")]
    [InlineData("kl-ent-1col")]
    [InlineData("kl-2col")]
    [InlineData("kl-ent-2col")]
    public void EveryAlgorithmRunsTheSettingsOfItsCommittedConfig(string algorithm)
    {
        Assert.Contains(algorithm, ActorCriticThroughputBenchmark.Algorithms);
        var config = ConfigLoader.Load(Path.Combine(TestPaths.RepoRoot(), "configs", "ac", algorithm + ".yaml"));
        var committed = ActorCriticAgents.Options(ActorCriticOptions.Preset(algorithm)!, config);
        var bench = ActorCriticThroughputBenchmark.AgentOptions(algorithm, committed.WorkersMode, committed.Threads);
        Assert.Equal(committed.HiddenSizes, bench.HiddenSizes);
        Assert.Equal(committed, bench with { HiddenSizes = committed.HiddenSizes });
        Assert.Equal(config.Tasks, ActorCriticThroughputBenchmark.Settings.Tasks);
        Assert.Equal(config.MaxEpisodeSteps, ActorCriticThroughputBenchmark.Settings.MaxEpisodeSteps);
    }

    [Fact]
    public void ModeAndThreadsAreTheOnlyDifferencesBetweenConfigurations()
    {
        var one = ActorCriticThroughputBenchmark.AgentOptions("kl-2col", ActorCriticWorkersMode.Async, 1);
        var two = ActorCriticThroughputBenchmark.AgentOptions("kl-2col", ActorCriticWorkersMode.Async, 2);
        var sync = ActorCriticThroughputBenchmark.AgentOptions("kl-2col", ActorCriticWorkersMode.Sync, 1);
        Assert.Equal(2, two.Threads);
        Assert.Equal(ActorCriticWorkersMode.Async, two.WorkersMode);
        Assert.Equal(one, two with { Threads = 1, HiddenSizes = one.HiddenSizes });
        Assert.Equal(one, sync with { WorkersMode = ActorCriticWorkersMode.Async, HiddenSizes = one.HiddenSizes });
        var agent = ActorCriticThroughputBenchmark.CreateAgent(two, 1);
        Assert.Equal(5, agent.TaskCount);
        Assert.Equal("kl-2col", agent.Algorithm);
    }

    [Fact]
    public void MedianOfOddAndEvenCounts()
    {
        Assert.Equal(2.0, ActorCriticThroughputSummary.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, ActorCriticThroughputSummary.Median([4.0, 1.0, 3.0, 2.0]));
    }

    [Fact]
    public void SummariesAndRatiosComeFromTheRunsOfEachConfiguration()
    {
        static ActorCriticThroughputRun Run(ActorCriticWorkersMode mode, int threads, int repeat, long steps, long allocated) =>
            new(mode, threads, repeat, Seconds: 1, EnvSteps: steps, Updates: steps / 10, CpuSeconds: 2, AllocatedBytes: allocated, Gen0Collections: 0);
        var a = ActorCriticWorkersMode.Async;
        var runs = new[]
        {
            Run(a, 1, 0, 1000, 100), Run(a, 2, 0, 1800, 0), Run(ActorCriticWorkersMode.Sync, 1, 0, 8000, 800),
            Run(a, 2, 1, 2000, 0), Run(ActorCriticWorkersMode.Sync, 1, 1, 6000, 0), Run(a, 1, 1, 1200, 300),
        };
        var report = new ActorCriticThroughputReport(new ActorCriticThroughputBenchmarkOptions(), 5, 16, 10, 2, null, [0.5, 0.4, 0.3], runs);
        Assert.Equal(["async-1", "async-2", "sync"], report.Summaries.Select(s => s.Label));
        Assert.Equal(new ActorCriticThroughputSummary("async-1", 2, 1200, 1100, 550, 1.75), report.AsyncOneThread);
        Assert.Equal(new ActorCriticThroughputSummary("sync", 2, 8000, 7000, 3500, 0.5), report.Sync);
        Assert.Equal(2000.0 / 1200, report.RatioBest);
        Assert.Equal(1900.0 / 1100, report.RatioMedian);
        Assert.Equal("sync", runs[2].ModeName);
        Assert.Equal("async", runs[3].ModeName);
        string json = report.ToJson();
        Assert.Contains("\"load_average_before\": null", json, StringComparison.Ordinal);
        Assert.Contains("\"ratio_best\": 1.6667", json, StringComparison.Ordinal);
    }
}
