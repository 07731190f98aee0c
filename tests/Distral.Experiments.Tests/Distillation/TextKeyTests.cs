namespace Distral.Experiments.Tests;

/// <summary>Text keys (`teachers`): free text, empty by default, round-tripping through config.yaml and --set.</summary>
public class TextKeyTests
{
    [Fact]
    public void ATextKeyIsEmptyByDefaultAndRoundTripsThroughTheResolvedYaml()
    {
        var key = ConfigKeys.Get("teachers", "test");
        Assert.Equal((ConfigValueKind.Text, "text", ""), (key.Kind, key.TypeName, (string)key.Default));
        Assert.Equal("`\"\"`", key.DefaultText(v => $"`{v}`"));
        Assert.Equal("", RunConfig.Default.GetString("teachers"));
        Assert.Contains("\nteachers: \"\"\n", RunConfig.Default.ToYaml().ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var config = ConfigLoader.Parse("algorithm: actor-mimic\nteachers: runs/a b/c\\d \"x\"\n", "t.yaml");
        Assert.Equal("runs/a b/c\\d \"x\"", config.GetString("teachers"));
        var back = ConfigLoader.Parse(config.ToYaml(), "config.yaml");
        Assert.True(back.ValueEquals(config));
        Assert.Equal(config.GetString("teachers"), back.GetString("teachers"));
        Assert.Equal("", ConfigLoader.Parse(RunConfig.Default.ToYaml(), "config.yaml").GetString("teachers"));
    }

    [Fact]
    public void ATextKeyTakesOverridesAndRefusesLists()
    {
        Assert.Equal("runs/x", ConfigLoader.ApplyOverride(RunConfig.Default, "teachers= runs/x ").GetString("teachers"));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("teachers: [a, b]\n", "t.yaml"));
        Assert.Equal("t.yaml:1: key 'teachers': expected a single text value, got a list", e.Message);
    }
}
