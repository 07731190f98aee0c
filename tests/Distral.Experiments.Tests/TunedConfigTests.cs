namespace Distral.Experiments.Tests;

public class TunedConfigTests
{
    // The tuned configs differ from the thesis ones in exactly these keys (docs/softq.md explains why).
    private static readonly Dictionary<string, string> TunedChanges = new()
    {
        ["target_network"] = "polyak",
        ["target_tau"] = "0.005",
        ["epsilon_end"] = "0.01",
        ["updates_per_step"] = "8",
    };

    [Theory]
    [InlineData("sql-independent")]
    [InlineData("distral-1col-sql")]
    [InlineData("distral-2col-sql")]
    [InlineData("distral-1col-beta-sql")]
    public void TunedConfigIsTheThesisConfigWithTheDocumentedChanges(string algorithm)
    {
        string root = TestPaths.RepoRoot();
        var thesis = ConfigLoader.Load(Path.Combine(root, "configs", "thesis", algorithm + ".yaml"));
        var tuned = ConfigLoader.Load(Path.Combine(root, "configs", "tuned", algorithm + ".yaml"));
        var expected = thesis;
        foreach (var (key, value) in TunedChanges)
            expected = expected.With(key, ConfigKeys.Get(key, "test").Parse(value, "test"));
        Assert.True(expected.ValueEquals(tuned), $"configs/tuned/{algorithm}.yaml differs from the thesis config beyond the documented changes");
    }

    [Fact]
    public void EveryShippedConfigLoadsAndValidates()
    {
        string configs = Path.Combine(TestPaths.RepoRoot(), "configs");
        var files = Directory.GetFiles(configs, "*.yaml", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var config = ConfigLoader.Load(file);
            ConfigLoader.ValidateCombination(config, file);
            Assert.NotEmpty(TaskResolver.Resolve(config.Tasks));
        }
    }
}
