namespace Distral.Experiments.Tests;

/// <summary><see cref="DemoExperiment.Run"/>: the demo run, its baseline beside it and one report of the two.</summary>
public class DemoExperimentTests
{
    private static RunRequest ScriptedDemo(string directory, string algorithm) => new()
    {
        Config = ConfigLoader.ApplyOverrides(DemoExperiment.Config, ["tasks=plan4,plan6", "episodes=3", "max_episode_steps=20", $"algorithm={algorithm}"]),
        OutputDirectory = directory,
        ConfigSource = DemoExperiment.Source,
        AgentFactory = (envs, _, _) => new ScriptedAgent(envs.Count, distilled: false),
    };

    [Fact]
    public void TrainsTheBaselineInASubDirectoryAndReportsBothRuns()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "demo");
        var finished = new List<string>();
        var result = DemoExperiment.Run(ScriptedDemo(dir, "distral-2col-sql"), finished: run => finished.Add(run.Summary.Algorithm));

        Assert.Equal(["distral-2col-sql", DemoExperiment.BaselineAlgorithm], finished);
        Assert.Equal(Path.GetFullPath(dir), Path.GetFullPath(result.Main.Directory));
        var baseline = Assert.IsType<RunResult>(result.Baseline);
        Assert.Equal(Path.GetFullPath(Path.Combine(dir, DemoExperiment.BaselineDirectory)), Path.GetFullPath(baseline.Directory));
        Assert.Equal(DemoExperiment.BaselineAlgorithm, baseline.Summary.Algorithm);
        Assert.True(File.Exists(Path.Combine(baseline.Directory, "metrics.csv")));
        // The main run's report shows both runs (the runner wrote it before the baseline existed).
        string report = File.ReadAllText(Path.Combine(dir, HtmlReport.FileName));
        Assert.Contains(DemoExperiment.BaselineAlgorithm, report, StringComparison.Ordinal);
        Assert.Contains("distral-2col-sql", report, StringComparison.Ordinal);
        // Scripted episodes of task i last 10 + i + k steps: the same in both runs.
        Assert.Equal((11.0 + 12.0) / 2, DemoResult.MeanDuration(result.Main.Summary), 9);
        Assert.Equal(DemoResult.MeanDuration(result.Main.Summary), DemoResult.MeanDuration(baseline.Summary));
    }

    [Fact]
    public void NoBaselineWhenTheDemoAlreadyRunsTheBaselineAlgorithm()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "demo");
        var requests = new List<RunRequest>();
        var result = DemoExperiment.Run(ScriptedDemo(dir, DemoExperiment.BaselineAlgorithm), request =>
        {
            requests.Add(request);
            return ExperimentRunner.Run(request);
        });
        Assert.Null(result.Baseline);
        Assert.Single(requests);
        Assert.False(Directory.Exists(Path.Combine(dir, DemoExperiment.BaselineDirectory)));
    }
}
