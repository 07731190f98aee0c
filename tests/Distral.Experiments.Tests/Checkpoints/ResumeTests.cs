using Distral.Agents;
using Distral.Envs;
using Distral.Nn;

using static Distral.Experiments.Tests.ResumeHelpers;

namespace Distral.Experiments.Tests;

/// <summary>
/// Resuming is exact: a run continued from a checkpoint writes the same metrics.csv (all but wall_seconds) and ends
/// with the same network bytes as one uninterrupted run with the same seed (single-threaded soft Q).
/// </summary>
public class ResumeTests
{
    private static RunConfig Config(int episodes, int checkpointEvery, string extra = "") => ConfigLoader.Parse($"""
        algorithm: distral-2col-sql
        tasks: [plan5, plan6]
        seed: 4
        episodes: {episodes}
        checkpoint_every: {checkpointEvery}
        max_episode_steps: 40
        hidden: [8, 8]
        batch_size: 16
        min_replay: 16
        progress_every: 0
        {extra}
        """, "test.yaml");

    [Fact]
    public void FinishedRunResumedToMoreEpisodesEqualsOneLongRun()
    {
        string whole = NewRun();
        var reference = ExperimentRunner.Run(new RunRequest { Config = Config(8, 3), OutputDirectory = whole });

        string split = NewRun();
        var first = ExperimentRunner.Run(new RunRequest { Config = Config(4, 3), OutputDirectory = split });
        Assert.Equal("final", CheckpointStore.OpenLatest(split).Manifest.Reason);
        Assert.True(MetricsWithoutWall(split).Count < MetricsWithoutWall(whole).Count);
        var resumed = Resume(split, 8);

        Assert.Equal(MetricsWithoutWall(whole), MetricsWithoutWall(split));
        Assert.Equal(Scalars(whole), Scalars(split));
        Assert.Equal(reference.Summary.EnvSteps, resumed.Summary.EnvSteps);
        Assert.Equal(reference.Summary.Tasks.Select(t => t.GreedySteps), resumed.Summary.Tasks.Select(t => t.GreedySteps));
        AssertSameFinalNetworks(whole, split);
        Assert.Contains("episodes: 8", File.ReadAllText(Path.Combine(split, "config.yaml")));
        // Wall time continues from the first session, and TensorBoard gets a second event file beside the first.
        Assert.True(resumed.Summary.WallSeconds >= first.Summary.WallSeconds);
        Assert.Equal(2, Directory.GetFiles(split, RunDirectory.TensorBoardFilePrefix + "*").Length);
        Assert.Equal(resumed.Checkpoint, new RunDirectory(split).LatestCheckpointFolder());
    }

    [Fact]
    public void CancelledRunCheckpointsAndResumesExactly()
    {
        string whole = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = Config(6, 0), OutputDirectory = whole });

        string run = NewRun();
        using var cancel = new CancellationTokenSource();
        var e = Assert.Throws<RunInterruptedException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = Config(6, 0), OutputDirectory = run, Cancel = cancel.Token, Observer = new Trigger(1, 2, cancel.Cancel),
        }));
        Assert.NotNull(e.Checkpoint);
        Assert.Equal("interrupted", CheckpointStore.OpenLatest(run).Manifest.Reason);
        Assert.Contains($"distral train --resume {run}", e.Message);
        Assert.False(File.Exists(Path.Combine(run, "summary.json")));

        Resume(run, null);
        Assert.Equal(MetricsWithoutWall(whole), MetricsWithoutWall(run));
        AssertSameFinalNetworks(whole, run);
    }

    [Fact]
    public void CrashAfterAPeriodicCheckpointRedoesOnlyTheEpisodesAfterIt()
    {
        string whole = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = Config(6, 0), OutputDirectory = whole });

        // A crash (here: an exception from an observer) after one or two periodic checkpoints; no checkpoint is
        // written for it, and rows after the last one are already in metrics.csv and the event file.
        string run = NewRun();
        Assert.Throws<TimeoutException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = Config(6, 2), OutputDirectory = run, Observer = new Trigger(0, 5, () => throw new TimeoutException("power cut")),
        }));
        var checkpoint = CheckpointStore.OpenLatest(run);
        Assert.Equal("periodic", checkpoint.Manifest.Reason);
        Assert.True(checkpoint.Manifest.EpisodesDone.Min() is 2 or 4);
        Assert.True(File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1 > checkpoint.Manifest.MetricsRows);

        // What a resume that crashed before its first checkpoint leaves: a newer event file with redone records.
        string stale = Path.Combine(run, RunDirectory.TensorBoardFileName(DateTimeOffset.UtcNow.AddDays(1), "crashed-resume"));
        File.WriteAllText(stale, "redone records");

        Resume(run, null);
        Assert.Equal(MetricsWithoutWall(whole), MetricsWithoutWall(run));
        AssertSameFinalNetworks(whole, run);
        Assert.False(File.Exists(stale));
        Assert.Equal(Scalars(whole), Scalars(run));
    }

    [Fact]
    public void NonFiniteLossStopsTrainingAndKeepsTheLastGoodCheckpoint()
    {
        string run = NewRun();
        var e = Assert.Throws<TrainingDivergedException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = Config(8, 2),
            OutputDirectory = run,
            AgentFactory = (envs, config, seed) => new NaNAtEpisode((ICheckpointableAgent)AlgorithmCatalog.Get(config.Algorithm).Create(envs, config, seed), task: 1, episode: 5),
        }));
        string good = new RunDirectory(run).LatestCheckpointFolder()!;
        Assert.Equal("training diverged: task plan6: loss 'softq' is NaN at env step " + e.EnvStep + "; the last good checkpoint is " + good, e.Message);
        Assert.Equal("plan6", e.Task);
        var kept = CheckpointStore.OpenLatest(run);
        Assert.Equal("periodic", kept.Manifest.Reason);
        Assert.True(kept.Manifest.EpisodesDone.Min() is 2 or 4);
        Assert.True(kept.Manifest.EpisodesDone[1] <= 5, "the checkpoint comes from before the NaN");
        Assert.False(File.Exists(Path.Combine(run, "summary.json")));
    }

    [Fact]
    public void InfiniteLossWithoutAnyCheckpointSaysSo()
    {
        string run = NewRun();
        var e = Assert.Throws<TrainingDivergedException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = Config(8, 0, "lr_task: 1e30"),
            OutputDirectory = run,
        }));
        Assert.Matches(@"^training diverged: task plan[56]: loss 'softq' is (NaN|\+Inf|-Inf) at env step \d+; no checkpoint was written", e.Message);
        Assert.Null(new RunDirectory(run).LatestCheckpointFolder());
    }

    [Fact]
    public void ExtraObserverSeesEveryEpisodeAndScalar()
    {
        string run = NewRun();
        var counter = new Counter();
        ExperimentRunner.Run(new RunRequest { Config = Config(3, 0), OutputDirectory = run, Observer = counter });
        Assert.Equal(File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1, counter.Episodes);
        Assert.True(counter.Scalars >= counter.Episodes);
    }

    [Fact]
    public void AgentsWithoutTrainingStateKeepOnlyTheFinalNetworksAndCannotResume()
    {
        string scripted = NewRun();
        var request = new RunRequest { Config = Config(3, 1), OutputDirectory = scripted, AgentFactory = (envs, _, _) => new ScriptedAgent(envs.Count, distilled: true) };
        ExperimentRunner.Run(request);
        Assert.True(Directory.Exists(Path.Combine(scripted, "checkpoints", "final")));
        Assert.Null(new RunDirectory(scripted).LatestCheckpointFolder());
        Assert.Contains("no checkpoint", Assert.Throws<ConfigException>(() => CheckpointStore.OpenLatest(scripted)).Message);

        // A soft-Q checkpoint offered to an agent that cannot load it.
        string real = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = Config(2, 0), OutputDirectory = real });
        var checkpoint = CheckpointStore.OpenLatest(real);
        var e = Assert.Throws<ConfigException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = ExperimentRunner.ResumeConfig(checkpoint, 4), OutputDirectory = real, ResumeFrom = checkpoint,
            AgentFactory = (envs, _, _) => new ScriptedAgent(envs.Count, distilled: true),
        }));
        Assert.Contains("cannot be resumed", e.Message);

        // Another seed or task list is another run.
        var other = Assert.Throws<ConfigException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = ExperimentRunner.ResumeConfig(checkpoint, 4).With("seed", 9L), OutputDirectory = real, ResumeFrom = checkpoint,
        }));
        Assert.Contains("seed", other.Message);
    }

    [Fact]
    public void InterruptWithCheckpointsOffSaysTheRunCannotBeResumed()
    {
        string run = NewRun();
        using var cancel = new CancellationTokenSource();
        var e = Assert.Throws<RunInterruptedException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = Config(6, 2, "checkpoints: false"), OutputDirectory = run, Cancel = cancel.Token, Observer = new Trigger(0, 1, cancel.Cancel),
        }));
        Assert.Null(e.Checkpoint);
        Assert.Contains("cannot be resumed", e.Message);
        Assert.False(Directory.Exists(Path.Combine(run, "checkpoints")));
    }

    /// <summary>Runs an action when a task finishes a given episode.</summary>
    private sealed class Trigger(int task, int episode, Action action) : ITrainingObserver
    {
        public void OnEpisode(in EpisodeRecord e)
        {
            if (e.Task == task && e.Episode == episode) action();
        }

        public void OnDiagnostic(in TrainingDiagnostic diagnostic)
        {
        }
    }

    private sealed class Counter : ITrainingObserver
    {
        public int Episodes { get; private set; }
        public int Scalars { get; private set; }
        public void OnEpisode(in EpisodeRecord e) => Episodes++;
        public void OnDiagnostic(in TrainingDiagnostic diagnostic) => Scalars++;
    }

    /// <summary>A real agent whose task loss is reported as NaN once the task finishes a given episode.</summary>
    private sealed class NaNAtEpisode(ICheckpointableAgent inner, int task, int episode) : ICheckpointableAgent
    {
        public string Algorithm => inner.Algorithm;
        public int TaskCount => inner.TaskCount;
        public long EnvSteps => inner.EnvSteps;
        public bool HasDistilledPolicy => inner.HasDistilledPolicy;
        public IReadOnlyList<(string Name, Module Network)> Networks => inner.Networks;
        public IReadOnlyList<int> EpisodesDonePerTask => inner.EpisodesDonePerTask;
        public int Act(int t, ReadOnlySpan<float> obs, bool greedy) => inner.Act(t, obs, greedy);
        public int ActDistilled(ReadOnlySpan<float> obs, bool greedy) => inner.ActDistilled(obs, greedy);
        public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs) => inner.DistilledProbabilities(obs, probs);
        public IReadOnlyList<(string Name, Module Network)> StateNetworks => inner.StateNetworks;
        public IReadOnlyList<(string Name, Optimizer Optimizer)> StateOptimizers => inner.StateOptimizers;
        public IReadOnlyDictionary<string, string> DescribeState() => inner.DescribeState();
        public void WriteState(BinaryWriter writer) => inner.WriteState(writer);
        public void ReadState(BinaryReader reader, bool envsRestored) => inner.ReadState(reader, envsRestored);

        public void Train(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel) =>
            inner.Train(episodesPerTask, new Poison(observer, task, episode), cancel);

        private sealed class Poison(ITrainingObserver next, int task, int episode) : ITrainingObserver
        {
            private bool _poisoned;

            public void OnEpisode(in EpisodeRecord e)
            {
                if (e.Task == task && e.Episode >= episode) _poisoned = true;
                next.OnEpisode(e);
            }

            public void OnDiagnostic(in TrainingDiagnostic d) =>
                next.OnDiagnostic(_poisoned && d.Name == "softq" && d.Task == task ? d with { Value = double.NaN } : d);
        }
    }
}
