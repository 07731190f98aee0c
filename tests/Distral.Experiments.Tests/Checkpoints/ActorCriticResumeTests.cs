using Distral.Agents;
using Distral.Agents.ActorCritic;
using Distral.Envs;

using static Distral.Experiments.Tests.ResumeHelpers;

namespace Distral.Experiments.Tests;

/// <summary>
/// Checkpoints of the actor-critic agents: a synchronous run continued from a checkpoint writes the same metrics.csv
/// (all but wall_seconds), event scalars and final networks as one uninterrupted run; the agent restores its own env
/// copies and LSTM states; async (A3C) runs resume, not bit-identically.
/// </summary>
public class ActorCriticResumeTests
{
    private static RunConfig Config(string algorithm, int episodes, int checkpointEvery, string extra = "") => ConfigLoader.Parse($"""
        algorithm: {algorithm}
        tasks: [plan5, plan6]
        seed: 4
        episodes: {episodes}
        checkpoint_every: {checkpointEvery}
        max_episode_steps: 40
        hidden: [8, 8]
        workers_per_task: 2
        unroll: 7
        progress_every: 0
        {extra}
        """, "test.yaml");

    [Fact]
    public void FinishedSyncRunResumedToTwiceTheEpisodesEqualsOneLongRun()
    {
        string whole = NewRun();
        var reference = ExperimentRunner.Run(new RunRequest { Config = Config("kl-2col", 8, 3), OutputDirectory = whole });

        string split = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = Config("kl-2col", 4, 3), OutputDirectory = split });
        var checkpoint = CheckpointStore.OpenLatest(split);
        Assert.Equal("final", checkpoint.Manifest.Reason);
        Assert.Equal("true", checkpoint.Manifest.Agent["exact_resume"]);
        Assert.Equal("true", checkpoint.Manifest.Agent["env_copy_states"]);
        Assert.True(MetricsWithoutWall(split).Count < MetricsWithoutWall(whole).Count);
        var resumed = Resume(split, 8);

        Assert.Equal(MetricsWithoutWall(whole), MetricsWithoutWall(split));
        Assert.Equal(Scalars(whole), Scalars(split));
        Assert.Equal(reference.Summary.EnvSteps, resumed.Summary.EnvSteps);
        Assert.Equal(reference.Summary.Tasks.Select(t => t.GreedySteps), resumed.Summary.Tasks.Select(t => t.GreedySteps));
        AssertSameFinalNetworks(whole, split);
    }

    [Fact]
    public void CancelledSyncRunResumesExactly()
    {
        // a3c-2col: a shared column h without a KL term (its network is named "shared").
        string whole = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = Config("a3c-2col", 6, 0), OutputDirectory = whole });

        string run = NewRun();
        using var cancel = new CancellationTokenSource();
        Assert.Throws<RunInterruptedException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = Config("a3c-2col", 6, 0), OutputDirectory = run, Cancel = cancel.Token, Observer = new Trigger(1, 2, cancel.Cancel),
        }));
        var checkpoint = CheckpointStore.OpenLatest(run);
        Assert.Equal("interrupted", checkpoint.Manifest.Reason);
        Assert.True(checkpoint.Manifest.EpisodesDone.Min() < 6);

        Resume(run, null);
        Assert.Equal(MetricsWithoutWall(whole), MetricsWithoutWall(run));
        AssertSameFinalNetworks(whole, run);
    }

    [Fact]
    public void AsyncRunResumesAndNumbersEpisodesOnButIsMarkedInexact()
    {
        const string async = "workers_mode: async\nthreads: 2";
        string run = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = Config("kl-1col", 2, 0, async), OutputDirectory = run });
        var checkpoint = CheckpointStore.OpenLatest(run);
        Assert.Equal("false", checkpoint.Manifest.Agent["exact_resume"]);
        Assert.Equal("async", checkpoint.Manifest.Agent["workers_mode"]);

        // Threads run on past the target until they notice it: go beyond what the first session reached.
        int target = checkpoint.Manifest.EpisodesDone.Max() + 3;
        var resumed = Resume(run, target);
        Assert.True(resumed.Summary.EnvSteps > checkpoint.Manifest.EnvSteps);
        // Every task's episodes are numbered 0, 1, 2, ... once each across both sessions.
        var rows = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var task in rows.GroupBy(r => r[0]))
        {
            var episodes = task.Select(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, episodes.Count), episodes);
            Assert.True(episodes.Count >= target, $"task {task.Key}: {episodes.Count} episodes");
        }
    }

    // ------------------------------------------------------------------ the agent alone (recurrent torsos)

    private static ActorCriticOptions Options(int copies = 2) => ActorCriticOptions.Kl2Col with
    {
        HiddenSizes = [4], WorkersPerTask = copies, UnrollLength = 7,
    };

    // Fresh env copies built the same way every time (equal seeds): a restored agent must bring them up to date itself.
    private static IReadOnlyList<IReadOnlyList<IEnv>> Envs(int copies = 2) =>
        [.. new[] { 5, 6 }.Select(plan => (IReadOnlyList<IEnv>)[.. Enumerable.Range(0, copies).Select(w =>
            (IEnv)new TimeLimit(new GridWorld(ThesisPlans.Map(plan), seed: 10 * plan + w), 30))])];

    // A tiny conv + LSTM torso over the 3 observation values (as a 3 x 1 x 1 image): the agent has recurrent state.
    private static ActorCriticDistral Agent(int copies = 2) => Agent(Envs(copies));

    private static ActorCriticDistral Agent(IReadOnlyList<IReadOnlyList<IEnv>> envs) =>
        new(envs, Options(envs[0].Count), 7, (_, rng) => new ConvLstmTorso(3, 1, 1, 2, 2, 4, 4, rng));

    private sealed class Rows : ITrainingObserver
    {
        public List<string> Lines { get; } = [];
        public void OnEpisode(in EpisodeRecord e) => Lines.Add(e.ToString());
        public void OnDiagnostic(in TrainingDiagnostic d) => Lines.Add($"{d.Label} {d.Kind} {d.Value:R} {d.EnvStep}");
    }

    [Fact]
    public void RecurrentAgentWithEnvCopiesContinuesBitIdenticallyInAFreshAgent()
    {
        var whole = Agent();
        var wholeRows = new Rows();
        whole.Train(6, wholeRows, CancellationToken.None);

        var firstEnvs = Envs();
        var first = Agent(firstEnvs);
        var rows = new Rows();
        first.Train(3, rows, CancellationToken.None);
        // The checkpoint falls inside an episode of an extra copy (not copy 0, which a runner would restore itself).
        Assert.Contains(firstEnvs, copies => ((TimeLimit)copies[1]).ElapsedSteps > 0);
        string folder = TestPaths.NewTempDirectory();
        var facts = AgentStateFiles.Save(first, folder);
        Assert.Equal(string.Join(",", first.EpisodesDonePerTask), facts["episodes_done"]);
        Assert.Equal(["agent-state.bin", "networks.safetensors", "optimizers.safetensors"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        var second = Agent();
        AgentStateFiles.Load(second, folder, envsRestored: true);
        Assert.Equal(first.EnvSteps, second.EnvSteps);
        Assert.Equal(first.Updates, second.Updates);
        second.Train(6, rows, CancellationToken.None);

        Assert.Equal(wholeRows.Lines, rows.Lines);
        Assert.Equal(whole.EnvSteps, second.EnvSteps);
        for (int p = 0; p < whole.Parameters.Count; p++)
            Assert.True(whole.Parameters[p].Span.SequenceEqual(second.Parameters[p].Span), whole.Parameters[p].Name);
    }

    [Fact]
    public void WithoutEnvStatesTheEpisodesInProgressRestartAndCountingGoesOn()
    {
        var first = Agent();
        first.Train(2, new Rows(), CancellationToken.None);
        string folder = TestPaths.NewTempDirectory();
        AgentStateFiles.Save(first, folder);

        var second = Agent();
        AgentStateFiles.Load(second, folder, envsRestored: false);
        Assert.Equal(first.EpisodesDonePerTask, second.EpisodesDonePerTask);
        var rows = new Rows();
        second.Train(4, rows, CancellationToken.None);
        Assert.All(second.EpisodesDonePerTask, e => Assert.True(e >= 4));
        Assert.Contains(rows.Lines, l => l.StartsWith("EpisodeRecord { Task = 1, Episode = " + first.EpisodesDonePerTask[1] + ",", StringComparison.Ordinal));
        Assert.True(second.EnvSteps > first.EnvSteps);
    }

    [Fact]
    public void StateOfAnotherShapeOrADamagedStateIsRefused()
    {
        var source = Agent();
        source.Train(1, new Rows(), CancellationToken.None);
        string folder = TestPaths.NewTempDirectory();
        AgentStateFiles.Save(source, folder);

        var e = Assert.Throws<InvalidDataException>(() => AgentStateFiles.Load(Agent(copies: 1), folder, envsRestored: true));
        Assert.Contains("env copies", e.Message);

        string state = Path.Combine(folder, "agent-state.bin");
        var bytes = File.ReadAllBytes(state);
        File.WriteAllBytes(state, bytes[..(bytes.Length / 2)]);
        var damaged = Assert.Throws<InvalidDataException>(() => AgentStateFiles.Load(Agent(), folder, envsRestored: true));
        Assert.Contains("agent-state.bin", damaged.Message);
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
}
