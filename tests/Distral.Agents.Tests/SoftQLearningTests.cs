using Distral.Agents.SoftQ;
using Distral.Envs;

namespace Distral.Agents.Tests;

public class SoftQLearningTests(Xunit.Abstractions.ITestOutputHelper output)
{
    internal static IEnv Plan(int k, int maxSteps = 1000) => new TimeLimit(TaskRegistry.Default.Make($"plan{k}", k), maxSteps);

    internal static int GreedyEpisodeLength(SoftQDistral agent, int task, IEnv env, int maxSteps = 50)
    {
        var (obs, _) = env.Reset(123);
        var buffer = obs.ToArray();
        for (int t = 1; t <= maxSteps; t++)
        {
            var step = env.Step(agent.Act(task, buffer, greedy: true));
            if (step.Terminated) return t;
            if (step.Truncated) return int.MaxValue;
            step.Observation.CopyTo(buffer);
        }
        return int.MaxValue;
    }

    [Fact]
    public void Distral2ColSolvesPlan6()
    {
        // Shortest path 5; the thesis needs ~200 episodes for a last-50 mean of 8.7 steps.
        var agent = new SoftQDistral([Plan(6)], SoftQOptions.Distral2Col, seed: 3);
        var rec = new Recorder();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        agent.Train(80, rec, CancellationToken.None);
        output.WriteLine($"2col plan6: {agent.EnvSteps} steps in {sw.Elapsed.TotalSeconds:F2}s, last-20 mean {rec.MeanLast(0, 20):F1}");
        Assert.Equal(5, GreedyEpisodeLength(agent, 0, Plan(6)));
        Assert.True(rec.MeanLast(0, 20) < 8, $"last-20 mean duration {rec.MeanLast(0, 20)}");
    }

    [Fact]
    public void SoftQAloneImproves()
    {
        var agent = new SoftQDistral([Plan(6)], SoftQOptions.SqlIndependent, seed: 3);
        var rec = new Recorder();
        agent.Train(80, rec, CancellationToken.None);
        double first = rec.Episodes.Take(10).Average(e => e.Steps);
        double last = rec.MeanLast(0, 20);
        output.WriteLine($"sql plan6: first-10 {first:F1}, last-20 {last:F1}");
        Assert.True(last < first / 2 && last < 9, $"first-10 {first}, last-20 {last}");
        Assert.Equal(5, GreedyEpisodeLength(agent, 0, Plan(6)));
    }

    internal sealed class Recorder : ITrainingObserver
    {
        public List<EpisodeRecord> Episodes { get; } = [];
        public List<TrainingDiagnostic> Scalars { get; } = [];
        public void OnEpisode(in EpisodeRecord episode) => Episodes.Add(episode);
        public void OnDiagnostic(in TrainingDiagnostic diagnostic) => Scalars.Add(diagnostic);
        public double MeanLast(int task, int count) => Episodes.Where(e => e.Task == task).TakeLast(count).Average(e => e.Steps);
    }
}
