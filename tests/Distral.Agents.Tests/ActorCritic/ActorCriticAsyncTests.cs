using Distral.Agents.ActorCritic;
using Distral.Envs;

namespace Distral.Agents.Tests.ActorCritic;

public class ActorCriticAsyncTests
{
    private sealed class Recorder : ITrainingObserver
    {
        public readonly List<EpisodeRecord> Episodes = [];
        public int CallingThread = Environment.CurrentManagedThreadId;
        public bool AllOnCallingThread = true;
        public void OnEpisode(in EpisodeRecord episode)
        {
            AllOnCallingThread &= Environment.CurrentManagedThreadId == CallingThread;
            Episodes.Add(episode);
        }
        public void OnDiagnostic(in TrainingDiagnostic diagnostic) { }
    }

    private static ActorCriticDistral Agent(ActorCriticOptions preset, int threads)
    {
        string[] tasks = ["plan6", "plan5"];
        const int workers = 3;
        var envs = tasks.Select((name, i) => (IReadOnlyList<IEnv>)[.. Enumerable.Range(0, workers)
            .Select(w => (IEnv)new TimeLimit(TaskRegistry.Default.Make(name, 10 * i + w), 25))]).ToList();
        return new ActorCriticDistral(envs, preset with
        {
            WorkersPerTask = workers, UnrollLength = 5, HiddenSizes = [16], Threads = threads, WorkersMode = ActorCriticWorkersMode.Async,
        }, 21);
    }

    [Theory]
    [InlineData("kl-2col", 2)]
    [InlineData("a3c-multitask", 2)]
    [InlineData("kl-ent-1col", 1)]
    public void AsyncLearnersUpdateTheSharedNetworksAndReportEpisodesOnTheCallingThread(string name, int threads)
    {
        var agent = Agent(ActorCriticOptions.Preset(name)!, threads);
        var before = agent.Parameters.Select(p => p.Span.ToArray()).ToArray();
        var recorder = new Recorder();
        agent.Train(8, recorder, CancellationToken.None);
        Assert.True(recorder.AllOnCallingThread);
        for (int task = 0; task < 2; task++)
        {
            var mine = recorder.Episodes.Where(e => e.Task == task).ToList();
            Assert.True(mine.Count >= 8, $"task {task}: {mine.Count} episodes");
            Assert.Equal(Enumerable.Range(0, mine.Count), mine.Select(e => e.Episode));
        }
        Assert.True(agent.Updates > 0);
        Assert.Equal(agent.EnvSteps, agent.Updates * 5);
        // Every shared network moved (the local gradients reached the shared parameters) and stayed finite.
        for (int p = 0; p < before.Length; p++)
        {
            var now = agent.Parameters[p].Span.ToArray();
            Assert.All(now, v => Assert.True(float.IsFinite(v)));
        }
        Assert.Contains(Enumerable.Range(0, before.Length), p => !before[p].SequenceEqual(agent.Parameters[p].Span.ToArray()));
        foreach (var (_, network) in agent.Networks)
            Assert.Contains(network.Parameters(), p => !before[IndexOf(agent, p)].SequenceEqual(p.Span.ToArray()));
    }

    private static int IndexOf(ActorCriticDistral agent, Distral.Tensors.Tensor parameter)
    {
        for (int i = 0; i < agent.Parameters.Count; i++) if (ReferenceEquals(agent.Parameters[i], parameter)) return i;
        throw new InvalidOperationException("parameter not found");
    }
}
