using Distral.Agents;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Experiments.Tests.Sweep;

/// <summary>A scripted agent whose every episode has a return set by the config (so a sweep's best point is known).</summary>
internal sealed class ConfiguredReturnAgent(int tasks, double returnPerEpisode) : IMultitaskAgent
{
    private readonly Linear _network = new(3, 4, new Rng(1));
    private int _done;

    public string Algorithm => "scripted";
    public int TaskCount => tasks;
    public long EnvSteps { get; private set; }
    public bool HasDistilledPolicy => false;
    public IReadOnlyList<(string Name, Module Network)> Networks => [("task0", _network)];

    /// <summary>Return per episode = -|beta - 5| - lr_task (so beta = 5 and the smallest lr_task win).</summary>
    public static IMultitaskAgent Create(IReadOnlyList<IEnv> envs, RunConfig config, ulong seed) =>
        new ConfiguredReturnAgent(envs.Count, -Math.Abs(config.GetDouble("beta") - 5) - config.GetDouble("lr_task") + seed * 1e-3);

    public void Train(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel)
    {
        for (int k = _done; k < episodesPerTask; k++)
        {
            for (int i = 0; i < tasks; i++)
            {
                EnvSteps += 10;
                observer.OnEpisode(new EpisodeRecord(i, k, 10, returnPerEpisode, EnvSteps));
            }
        }
        _done = episodesPerTask;
    }

    public int Act(int task, ReadOnlySpan<float> obs, bool greedy) => GridWorld.Up;
    public int ActDistilled(ReadOnlySpan<float> obs, bool greedy) => throw new InvalidOperationException("no pi_0");
    public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs) => throw new InvalidOperationException("no pi_0");
}

public class SweepGridTests
{
    [Fact]
    public void PointsAreEveryCombinationLastAxisFastest()
    {
        var axes = new[] { SweepGrid.Parse("beta=1,5"), SweepGrid.Parse("hidden=8,8;16"), SweepGrid.Parse("exploration=boltzmann,epsilon-boltzmann") };
        Assert.Equal(new long[] { 8, 8 }, (long[])axes[1].Values[0]);
        var points = SweepGrid.Points(axes);
        Assert.Equal(8, points.Count);
        Assert.Equal("beta=1, hidden=8,8, exploration=boltzmann", points[0].Description);
        Assert.Equal("beta=1, hidden=8,8, exploration=epsilon-boltzmann", points[1].Description);
        Assert.Equal("beta=5, hidden=16, exploration=epsilon-boltzmann", points[7].Description);
        Assert.Equal(8, points.Select(p => p.Name).Distinct().Count());
        Assert.All(points, p => Assert.DoesNotContain(',', p.Name));
        var config = points[2].Apply(RunConfig.Default);
        Assert.Equal(1.0, config.GetDouble("beta"));
        Assert.Equal([16], config.GetInts("hidden"));
    }

    [Theory]
    [InlineData("beta", "expected key=v1,v2")]
    [InlineData("betta=1,2", "did you mean 'beta'")]
    [InlineData("beta=1,,2", "empty value")]
    [InlineData("beta=1,1", "listed twice")]
    [InlineData("beta=-1", "key 'beta'")]
    [InlineData("seed=1,2", "--seeds")]
    public void BadGridsAreConfigErrors(string spec, string fragment)
    {
        var e = Assert.Throws<ConfigException>(() => SweepGrid.Parse(spec));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void RepeatedKeysAndEmptyGridsAreRefused()
    {
        Assert.Contains("given twice", Assert.Throws<ConfigException>(() => SweepGrid.Points([SweepGrid.Parse("beta=1"), SweepGrid.Parse("beta=2")])).Message);
        Assert.Throws<ConfigException>(() => SweepGrid.Points([]));
    }
}

public class SweepRunnerTests
{
    private static RunConfig Base => RunConfig.Default.With("tasks", new[] { "plan6", "plan5" }).With("episodes", 4L).With("max_episode_steps", 20L);

    [Fact]
    public void TheBestPointIsTheOneWithTheLargestMeanAuc()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "sweep");
        var result = SweepRunner.Run(new SweepRequest
        {
            BaseConfig = Base,
            Axes = [SweepGrid.Parse("beta=1,20,5"), SweepGrid.Parse("lr_task=0.5,0.1")],
            Seeds = [1, 2],
            OutputDirectory = dir,
            Jobs = 2,
            AgentFactory = ConfiguredReturnAgent.Create,
            WriteReport = false,
        });
        Assert.Equal(6, result.Points.Count);
        Assert.Equal("beta=5, lr_task=0.1", result.Best.Point.Description);
        // AUC = 2 tasks x 4 episodes x return, averaged over seeds 1 and 2 (the seed adds 1e-3 per episode).
        double expected = 8 * (-0.1 + 1.5e-3);
        Assert.Equal(expected, result.Best.Auc, 9);
        Assert.Equal(8 * 0.5e-3 * Math.Sqrt(2), result.Best.AucSd, 9);
        Assert.Equal(2, result.Best.Runs.Count);
        Assert.True(File.Exists(result.JsonPath) && File.Exists(result.CsvPath) && File.Exists(result.RankChartPath));
        Assert.Null(result.ReportPath);
        Assert.Equal(6 * 2, Directory.GetDirectories(dir).Length);
    }

    [Fact]
    public void TiesGoToTheFirstPointAndNaNNeverWins()
    {
        var points = SweepGrid.Points([SweepGrid.Parse("beta=1,2,3")]);
        SweepPointResult R(int i, double auc) => new(points[i], [], auc, 0, 0);
        Assert.Same(points[1], SweepRunner.Best([R(0, double.NaN), R(1, 3), R(2, 3)]).Point);
    }
}
