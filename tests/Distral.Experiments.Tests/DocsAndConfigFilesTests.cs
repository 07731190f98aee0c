namespace Distral.Experiments.Tests;

public class DocsAndConfigFilesTests
{
    [Fact]
    public void ConfigurationDocIsGeneratedFromTheKeyTable()
    {
        string path = Path.Combine(TestPaths.RepoRoot(), "docs", "configuration.md");
        Assert.True(File.Exists(path), "docs/configuration.md is missing; write ConfigKeys.ToMarkdown() to it");
        string doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        foreach (var key in ConfigKeys.All) Assert.Contains($"| `{key.Name}` |", doc);
        foreach (var algorithm in AlgorithmCatalog.Names) Assert.Contains($"| `{algorithm}` |", doc);
        Assert.Equal(ConfigKeys.ToMarkdown().ReplaceLineEndings("\n"), doc);
    }

    [Theory]
    [InlineData("sql-independent")]
    [InlineData("distral-1col-sql")]
    [InlineData("distral-2col-sql")]
    [InlineData("distral-1col-beta-sql")]
    public void ThesisConfigsHoldTheThesisSettings(string algorithm)
    {
        var config = ConfigLoader.Load(Path.Combine(TestPaths.RepoRoot(), "configs", "thesis", algorithm + ".yaml"));
        Assert.Equal(algorithm, config.Algorithm);
        Assert.Equal(["plan4", "plan5", "plan6", "plan7", "plan8"], config.Tasks);
        Assert.Equal(200, config.Episodes);
        Assert.Equal(1000, config.MaxEpisodeSteps);
        Assert.Equal(0.999, config.GetDouble("gamma"), 9);
        Assert.Equal(0.8, config.GetDouble("alpha"), 9);
        Assert.Equal(5.0, config.GetDouble("beta"), 9);
        Assert.Equal(128, config.GetInt("batch_size"));
        Assert.Equal(1e-3, config.GetDouble("lr_task"), 9);
        Assert.Equal(10_000, config.GetInt("replay_size"));
        Assert.Equal(0.9, config.GetDouble("epsilon_start"), 9);
        Assert.Equal(0.05, config.GetDouble("epsilon_end"), 9);
        Assert.Equal(5.0, config.GetDouble("epsilon_decay_episodes"), 9);
        Assert.Equal(1, config.GetInt("n_steps"));
        Assert.Equal([64, 128, 64], config.GetInts("hidden"));
        Assert.Equal(500.0, config.GetDouble("grad_clip_value"), 9);
    }

    [Fact]
    public void PaperTwoRoomConfigIsTheKlOnlyTenStepSetting()
    {
        var config = ConfigLoader.Load(Path.Combine(TestPaths.RepoRoot(), "configs", "paper", "two-room.yaml"));
        Assert.Equal("distral-2col-sql", config.Algorithm);
        Assert.Equal(1.0, config.GetDouble("alpha"));
        Assert.Equal(10, config.GetInt("n_steps"));
        Assert.Equal(100, config.MaxEpisodeSteps);
        var tasks = TaskResolver.Resolve(config.Tasks);
        Assert.True(tasks.Count >= 2);
        Assert.All(tasks, t => Assert.True(t.IsTwoRoomRandom));
    }

    [Fact]
    public void DemoConfigIsValid()
    {
        var config = DemoExperiment.Config;
        ConfigLoader.ValidateCombination(config, "demo");
        Assert.All(TaskResolver.Resolve(config.Tasks), t => Assert.True(t.IsTwoRoomRandom));
        Assert.Equal(100, config.MaxEpisodeSteps);
    }
}
