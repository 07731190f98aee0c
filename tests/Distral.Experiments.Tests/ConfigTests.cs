namespace Distral.Experiments.Tests;

public class ConfigTests
{
    [Fact]
    public void EmptyYamlGivesTheDefaults()
    {
        var config = ConfigLoader.Parse("", "empty.yaml");
        Assert.True(config.ValueEquals(RunConfig.Default));
        Assert.Equal("distral-2col-sql", config.Algorithm);
        Assert.Equal(200, config.Episodes);
        Assert.Equal(0.999, config.GetDouble("gamma"), 9);
    }

    [Fact]
    public void YamlSetsTypedValuesAndLists()
    {
        var config = ConfigLoader.Parse("""
            # a comment
            algorithm: sql-independent
            tasks: [plan4, plan5]
            episodes: 12
            alpha: 0.5
            hidden:
              - 8
              - 16
            target_network: polyak
            checkpoints: false
            """, "run.yaml");
        Assert.Equal("sql-independent", config.Algorithm);
        Assert.Equal(["plan4", "plan5"], config.Tasks);
        Assert.Equal(12, config.Episodes);
        Assert.Equal(0.5, config.GetDouble("alpha"));
        Assert.Equal([8, 16], config.GetInts("hidden"));
        Assert.Equal("polyak", config.GetString("target_network"));
        Assert.False(config.GetBool("checkpoints"));
    }

    [Fact]
    public void SetOverridesParseTypesAndLists()
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default,
            ["episodes=7", "beta=2.5", "tasks=plan1,plan2,plan3", "hidden=4,4", "exploration=boltzmann", "checkpoints=no"]);
        Assert.Equal(7, config.Episodes);
        Assert.Equal(2.5, config.GetDouble("beta"));
        Assert.Equal(["plan1", "plan2", "plan3"], config.Tasks);
        Assert.Equal([4, 4], config.GetInts("hidden"));
        Assert.Equal("boltzmann", config.GetString("exploration"));
        Assert.False(config.GetBool("checkpoints"));
    }

    [Fact]
    public void UnknownKeyInFileNamesFileLineAndSuggestsTheNearestKey()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("episodes: 3\nepisods: 4\n", "run.yaml"));
        Assert.StartsWith("run.yaml:2:", e.Message);
        Assert.Contains("'episods'", e.Message);
        Assert.Contains("did you mean 'episodes'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void UnknownKeyInSetSuggestsTheNearestKey()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ApplyOverride(RunConfig.Default, "lr_tsak=0.1"));
        Assert.Contains("did you mean 'lr_task'", e.Message);
        Assert.Contains("--set lr_tsak=0.1", e.Message);
    }

    [Theory]
    [InlineData("episodes: 0", "episodes")]
    [InlineData("episodes: -3", "episodes")]
    [InlineData("beta: 0", "beta")]
    [InlineData("beta: -1.5", "beta")]
    [InlineData("alpha: 1.5", "alpha")]
    [InlineData("alpha: -0.1", "alpha")]
    [InlineData("gamma: 0", "gamma")]
    [InlineData("episodes: ten", "episodes")]
    [InlineData("episodes: 2.5", "episodes")]
    [InlineData("lr_task: fast", "lr_task")]
    [InlineData("hidden: [64, x]", "hidden")]
    [InlineData("checkpoints: maybe", "checkpoints")]
    [InlineData("tasks: []", "tasks")]
    public void InvalidValuesAreRefusedWithFileLineAndKey(string line, string key)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("seed: 1\n" + line + "\n", "bad.yaml"));
        Assert.StartsWith("bad.yaml:2: key '" + key + "'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void InvalidSetValueNamesTheKey()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ApplyOverride(RunConfig.Default, "alpha=2"));
        Assert.Contains("key 'alpha'", e.Message);
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public void UnknownAlgorithmListsTheValidOnes()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("algorithm: distral-3col\n", "a.yaml"));
        Assert.StartsWith("a.yaml:1: key 'algorithm'", e.Message);
        foreach (string name in AlgorithmCatalog.Names) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void BrokenYamlIsAOneLineErrorWithTheLine()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("episodes: 3\ntasks: [plan4\nseed: 2\n", "broken.yaml"));
        Assert.StartsWith("broken.yaml:", e.Message);
        Assert.Contains("invalid YAML", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void NonMappingDocumentIsRefused()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("- a\n- b\n", "list.yaml"));
        Assert.StartsWith("list.yaml:1:", e.Message);
    }

    [Fact]
    public void MissingFileIsAConfigErrorNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-distral-config-" + Guid.NewGuid().ToString("N") + ".yaml");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));
        Assert.Equal($"{path}: no such config file", e.Message);
    }

    [Fact]
    public void ResolvedYamlRoundTrips()
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default,
            ["tasks=two-room-random:0..2,plan4", "alpha=0.25", "hidden=3,5", "seed=42", "lr_task=0.0003"]);
        var back = ConfigLoader.Parse(config.ToYaml(), "config.yaml");
        Assert.True(back.ValueEquals(config));
        Assert.Equal(42UL, back.Seed);
    }

    [Fact]
    public void CombinationRulesAreChecked()
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, ["replay_size=100", "min_replay=200"]);
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ValidateCombination(config, "x.yaml"));
        Assert.Contains("min_replay", e.Message);
    }

    [Fact]
    public void EveryKeyHasADescriptionAndAValidDefault()
    {
        Assert.Equal(ConfigKeys.All.Count, ConfigKeys.All.Select(k => k.Name).Distinct().Count());
        foreach (var key in ConfigKeys.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(key.Description), key.Name);
            Assert.Matches("^[a-z][a-z0-9_]*$", key.Name);
            key.Validate(key.Default, key.Name);
        }
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("episods", "episodes", 1)]
    public void LevenshteinDistance(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggest.Levenshtein(a, b));
        Assert.Equal(expected, Suggest.Levenshtein(b, a));
    }

    [Fact]
    public void TaskRangesExpandAndUnknownTasksAreRefused()
    {
        var tasks = TaskResolver.Resolve(["two-room-random:1..3", "plan4"]);
        Assert.Equal(["two-room-random:1", "two-room-random:2", "two-room-random:3", "plan4"], tasks.Select(t => t.Name));
        Assert.Equal(13, tasks[3].Spec.ShortestPath);
        var e = Assert.Throws<ConfigException>(() => TaskResolver.Resolve(["plan44"]));
        Assert.Contains("unknown task 'plan44'", e.Message);
        Assert.Throws<ConfigException>(() => TaskResolver.Resolve(["plan4", "plan4"]));
    }

    [Fact]
    public void MapFilesResolveRelativeToTheConfigFile()
    {
        string dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "tiny.map"), "#####\n#S.G#\n#####\n");
        File.WriteAllText(Path.Combine(dir, "run.yaml"), "tasks: [tiny.map, plan6]\n");
        var config = ConfigLoader.Load(Path.Combine(dir, "run.yaml"));
        Assert.Equal(Path.Combine(dir, "tiny.map"), config.Tasks[0]);
        var tasks = TaskResolver.Resolve(config.Tasks);
        Assert.Equal(2, tasks[0].Spec.ShortestPath);
        File.WriteAllText(Path.Combine(dir, "broken.map"), "#####\n#S.X#\n#####\n");
        var e = Assert.Throws<ConfigException>(() => TaskResolver.Resolve([Path.Combine(dir, "broken.map")]));
        Assert.Contains("broken.map:2:", e.Message);
    }

    [Fact]
    public void SoftQOptionsFollowTheConfig()
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default,
            ["alpha=1", "n_steps=10", "hidden=8,8", "target_network=hard", "distillation_loss=expected", "td_loss=huber"]);
        var options = SoftQAgents.Options(Distral.Agents.SoftQ.SoftQOptions.Distral2Col, config);
        Assert.Equal(1f, options.Alpha);
        Assert.Equal(10, options.NSteps);
        Assert.Equal([8, 8], options.HiddenSizes);
        Assert.Equal(Distral.Agents.SoftQ.TargetNetworkMode.Hard, options.TargetNetwork);
        Assert.Equal(Distral.Agents.SoftQ.DistillationLossKind.Expected, options.DistillationLoss);
        Assert.Equal(Distral.Agents.SoftQ.TdLossKind.Huber, options.TdLoss);
        Assert.Equal(Distral.Agents.SoftQ.ActingPolicy.Prior, options.Acting);
    }
}
