using Distral.Agents.ActorCritic;
using Distral.Envs;
using Distral.Tensors;

namespace Distral.Agents.Tests.ActorCritic;

public class ActorCriticDistralTests
{
    private static IReadOnlyList<IReadOnlyList<IEnv>> Envs(string[] tasks, int workers, int maxSteps = 200) =>
        [.. tasks.Select((name, i) => (IReadOnlyList<IEnv>)[.. Enumerable.Range(0, workers)
            .Select(w => (IEnv)new TimeLimit(TaskRegistry.Default.Make(name, 100 * i + w), maxSteps))])];

    private static ActorCriticDistral Agent(ActorCriticOptions preset, string[] tasks, ulong seed, int workers = 4, int maxSteps = 200) =>
        new(Envs(tasks, workers, maxSteps), preset with { WorkersPerTask = workers, UnrollLength = 5, HiddenSizes = [32, 32] }, seed);

    private sealed class CountingObserver : ITrainingObserver
    {
        public readonly List<EpisodeRecord> Episodes = [];
        public bool Record { get; init; } = true;
        public void OnEpisode(in EpisodeRecord episode)
        {
            if (Record) Episodes.Add(episode);
        }
        public void OnDiagnostic(in TrainingDiagnostic diagnostic) { }
    }

    [Fact]
    public void PresetsAreTheSevenAlgorithmsOfThePaper()
    {
        Assert.Equal(["a3c", "a3c-multitask", "a3c-2col", "kl-1col", "kl-ent-1col", "kl-2col", "kl-ent-2col"],
            ActorCriticOptions.Presets.Select(p => p.Name));
        Assert.All(ActorCriticOptions.Presets, p => p.Validate());
        Assert.False(ActorCriticOptions.A3c2Col.HasKl);
        Assert.True(ActorCriticOptions.A3c2Col.HasHColumn);
        Assert.Equal(0.5f, ActorCriticOptions.KlEnt1Col.Alpha);
        Assert.Throws<ArgumentException>(() => (ActorCriticOptions.A3cMultitask with { Alpha = 1f }).Validate());
        Assert.Throws<ArgumentException>(() => (ActorCriticOptions.Kl2Col with { UnrollLength = 0 }).Validate());
    }

    [Theory]
    [InlineData("a3c", new[] { "task0", "task1" })]
    [InlineData("a3c-multitask", new[] { "shared" })]
    [InlineData("a3c-2col", new[] { "shared", "task0", "task1" })]
    [InlineData("kl-1col", new[] { "distilled", "task0", "task1" })]
    [InlineData("kl-ent-2col", new[] { "distilled", "task0", "task1" })]
    public void EveryVariantTrainsAndNamesItsNetworks(string name, string[] networks)
    {
        var agent = Agent(ActorCriticOptions.Preset(name)!, ["plan6", "plan5"], 3);
        var observer = new CountingObserver();
        agent.RunUpdates(30, observer);
        Assert.Equal(networks, agent.Networks.Select(n => n.Name));
        Assert.Equal(30L * 5 * 2 * 4, agent.EnvSteps);
        Assert.All(agent.Parameters, p => Assert.True(p.Span.ToArray().All(float.IsFinite)));
        Assert.Equal(name.StartsWith("kl", StringComparison.Ordinal), agent.HasDistilledPolicy);
        var obs = new float[3];
        Assert.InRange(agent.Act(1, obs, greedy: true), 0, 3);
        if (agent.HasDistilledPolicy)
        {
            var probs = new float[4];
            agent.DistilledProbabilities(obs, probs);
            Assert.Equal(1f, probs.Sum(), 4);
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => agent.ActDistilled(obs, greedy: true));
        }
    }

    [Theory]
    [InlineData(RegulariserForm.Sampled)]
    [InlineData(RegulariserForm.ExpectedNow)]
    [InlineData(RegulariserForm.PerState)]
    public void EveryRegulariserFormTrainsDeterministically(RegulariserForm form)
    {
        float[] Run()
        {
            var agent = Agent(ActorCriticOptions.KlEnt1Col with { Regulariser = form }, ["plan6", "plan5"], 17, maxSteps: 25);
            agent.RunUpdates(25, new CountingObserver());
            return [.. agent.Parameters.SelectMany(p => p.Span.ToArray())];
        }
        var a = Run();
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(a, Run());
    }

    [Fact]
    public void EpisodesAreCountedPerTaskOverAllCopies()
    {
        var agent = Agent(ActorCriticOptions.Kl2Col, ["plan6", "plan4"], 5, maxSteps: 20);
        var observer = new CountingObserver();
        agent.Train(6, observer, CancellationToken.None);
        for (int task = 0; task < 2; task++)
        {
            var mine = observer.Episodes.Where(e => e.Task == task).ToList();
            Assert.True(mine.Count >= 6);
            Assert.Equal(Enumerable.Range(0, mine.Count), mine.Select(e => e.Episode));
            Assert.Equal(mine.Count, agent.EpisodesDone(task));
            Assert.All(mine, e => Assert.InRange(e.Steps, 1, 20));
        }
        Assert.Equal(observer.Episodes.Select(e => e.EnvStepsTotal).Order(), observer.Episodes.Select(e => e.EnvStepsTotal));
    }

    [Fact]
    public void SameSeedGivesBitIdenticalParameters()
    {
        float[] Run()
        {
            var agent = Agent(ActorCriticOptions.KlEnt2Col, ["plan6", "plan5"], 11, maxSteps: 30);
            agent.RunUpdates(40, new CountingObserver());
            return [.. agent.Parameters.SelectMany(p => p.Span.ToArray())];
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(BitConverter.SingleToInt32Bits(a[i]), BitConverter.SingleToInt32Bits(b[i]));
        var other = Agent(ActorCriticOptions.KlEnt2Col, ["plan6", "plan5"], 12, maxSteps: 30);
        other.RunUpdates(40, new CountingObserver());
        Assert.NotEqual(a, other.Parameters.SelectMany(p => p.Span.ToArray()));
    }

    [Theory]
    [InlineData("kl-2col")]
    [InlineData("a3c-multitask")]
    [InlineData("kl-ent-1col")]
    public void SteadyStateUpdatesAllocateNothing(string name)
    {
        // A short time limit so that episode ends, resets and truncation bootstraps all happen in the window.
        var agent = Agent(ActorCriticOptions.Preset(name)!, ["plan6", "plan4"], 13, maxSteps: 7);
        var observer = new CountingObserver { Record = false };
        agent.RunUpdates(60, observer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        agent.RunUpdates(60, observer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0L, allocated);
    }

    [Fact]
    public void KlTwoColumnSolvesAnEasyPlanQuickly()
    {
        // Plan 6 (shortest path 5) with plan 5 alongside: the greedy task policies reach their goals by shortest paths.
        var options = ActorCriticOptions.Kl2Col with { WorkersPerTask = 8, UnrollLength = 10, Beta = 5f, Gamma = 0.99f, TaskLearningRate = 5e-4f, DistilledLearningRate = 5e-4f };
        var agent = new ActorCriticDistral(Envs(["plan6", "plan5"], 8, 200), options, 1);
        agent.RunUpdates(1200, new CountingObserver { Record = false });
        int[] shortest = [5, 9];
        string[] names = ["plan6", "plan5"];
        for (int task = 0; task < 2; task++)
        {
            var env = new TimeLimit(TaskRegistry.Default.Make(names[task], 999), 100);
            var obs = env.Reset(0).Observation.ToArray();
            int steps = 0;
            while (true)
            {
                var step = env.Step(agent.Act(task, obs, greedy: true));
                steps++;
                if (step.Done)
                {
                    Assert.True(step.Terminated, $"{names[task]}: greedy policy did not reach the goal in 100 steps");
                    break;
                }
                obs = step.Observation.ToArray();
            }
            Assert.Equal(shortest[task], steps);
        }
    }
}
