using Distral.Agents;
using Distral.Agents.SoftQ;
using Distral.Envs;

namespace Distral.Experiments.Tests;

/// <summary>The soft-Q agent's own checkpoint files, without the runner.</summary>
public class SoftQTrainingStateTests
{
    private static SoftQOptions Options(int hidden = 8) => SoftQOptions.Distral2Col with
    {
        HiddenSizes = [hidden, hidden], BatchSize = 16, MinReplayToLearn = 16, ReplayCapacity = 200,
    };

    private static IReadOnlyList<IEnv> Envs(int seed) =>
        [new TimeLimit(new GridWorld(ThesisPlans.Map(5), seed: seed), 30), new TimeLimit(new GridWorld(ThesisPlans.Map(6), seed: seed + 1), 30)];

    private sealed class Rows : ITrainingObserver
    {
        public List<string> Lines { get; } = [];
        public void OnEpisode(in EpisodeRecord e) => Lines.Add(e.ToString());
        public void OnDiagnostic(in TrainingDiagnostic d) => Lines.Add($"{d.Label} {d.Kind} {d.Value:R} {d.EnvStep}");
    }

    [Fact]
    public void AStateLoadedIntoAFreshAgentWithFreshEnvsStillTrainsAndCountsOn()
    {
        var source = new SoftQDistral(Envs(1), Options(), 5);
        source.Train(3, new Rows(), CancellationToken.None);
        string folder = TestPaths.NewTempDirectory();
        var facts = AgentStateFiles.Save(source, folder);
        Assert.Equal(string.Join(",", source.EpisodesDonePerTask), facts["episodes_done"]);
        Assert.Equal(["agent-state.bin", "networks.safetensors", "optimizers.safetensors"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        // Envs not restored: the episodes in progress restart, counters and learning state carry over.
        var target = new SoftQDistral(Envs(1), Options(), 77);
        AgentStateFiles.Load(target, folder, envsRestored: false);
        Assert.Equal(source.EpisodesDonePerTask, target.EpisodesDonePerTask);
        Assert.Equal(source.EnvSteps, target.EnvSteps);
        float[] obs = [0.1f, 0.25f, -0.1f];
        for (int task = 0; task < 2; task++) Assert.Equal(source.Act(task, obs, greedy: true), target.Act(task, obs, greedy: true));
        var probs = new float[4];
        var expected = new float[4];
        source.DistilledProbabilities(obs, expected);
        target.DistilledProbabilities(obs, probs);
        Assert.Equal(expected, probs);
        var rows = new Rows();
        target.Train(5, rows, CancellationToken.None);
        Assert.All(target.EpisodesDonePerTask, e => Assert.True(e >= 5));
        Assert.Contains(rows.Lines, l => l.StartsWith("EpisodeRecord { Task = 0, Episode = " + source.EpisodesDonePerTask[0], StringComparison.Ordinal));
    }

    [Fact]
    public void StateOfAnotherShapeOrDamagedStateIsRefused()
    {
        var source = new SoftQDistral(Envs(1), Options(), 5);
        source.Train(2, new Rows(), CancellationToken.None);
        string folder = TestPaths.NewTempDirectory();
        AgentStateFiles.Save(source, folder);

        var wider = new SoftQDistral(Envs(1), Options(hidden: 12), 5);
        var e = Assert.Throws<InvalidDataException>(() => AgentStateFiles.Load(wider, folder, envsRestored: true));
        Assert.Contains("networks.safetensors", e.Message);

        string state = Path.Combine(folder, "agent-state.bin");
        File.WriteAllBytes(state, File.ReadAllBytes(state)[..^10]);
        var same = new SoftQDistral(Envs(1), Options(), 5);
        Assert.Contains("agent-state.bin", Assert.Throws<InvalidDataException>(() => AgentStateFiles.Load(same, folder, envsRestored: true)).Message);
    }
}
