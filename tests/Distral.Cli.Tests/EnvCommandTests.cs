using System.Text.Json;
using Distral.Cli;

namespace Distral.Cli.Tests;

public class EnvCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void ListJsonFollowsTheContract()
    {
        var (code, output, err) = Run("env", "list", "--json");
        Assert.Equal(CommandLine.Ok, code);
        Assert.Equal("", err);
        using var doc = JsonDocument.Parse(output);
        var tasks = doc.RootElement.EnumerateArray().ToList();
        var plan4 = tasks.Single(t => t.GetProperty("name").GetString() == "plan4");
        Assert.Equal(9, plan4.GetProperty("rows").GetInt32());
        Assert.Equal(10, plan4.GetProperty("cols").GetInt32());
        Assert.Equal([1, 1], plan4.GetProperty("start").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([7, 8], plan4.GetProperty("goal").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(13, plan4.GetProperty("shortest_path").GetInt32());
        var family = tasks.Single(t => t.GetProperty("name").GetString() == "two-room-random");
        Assert.Equal(JsonValueKind.Null, family.GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Null, family.GetProperty("shortest_path").ValueKind);
        foreach (var t in tasks)
            Assert.Equal(["name", "rows", "cols", "start", "goal", "shortest_path"], t.EnumerateObject().Select(p => p.Name));
        int[] expected = [4, 19, 10, 13, 9, 5, 13, 12];
        for (int k = 1; k <= 8; k++)
            Assert.Equal(expected[k - 1], tasks.Single(t => t.GetProperty("name").GetString() == $"plan{k}").GetProperty("shortest_path").GetInt32());
    }

    [Fact]
    public void ListTextNamesEveryPlan()
    {
        var (code, output, _) = Run("env", "list");
        Assert.Equal(CommandLine.Ok, code);
        for (int k = 1; k <= 8; k++) Assert.Contains($"plan{k} ", output, StringComparison.Ordinal);
        Assert.Contains("two-room-random", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowPrintsTheMap()
    {
        var (code, output, _) = Run("env", "show", "plan1");
        Assert.Equal(CommandLine.Ok, code);
        var lines = output.Split('\n');
        Assert.Equal("########", lines[0]);
        Assert.Equal("#...G..#", lines[1]);
        Assert.Equal("#..S..##", lines[4]);
        Assert.Contains("shortest path 4", output, StringComparison.Ordinal);
        (code, output, _) = Run("env", "show", "two-room-random:2");
        Assert.Equal(CommandLine.Ok, code);
        Assert.Contains("start random", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowReadsAMapFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"distral-env-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(path, "#####\n#S.G#\n#####\n");
            var (code, output, _) = Run("env", "show", path);
            Assert.Equal(CommandLine.Ok, code);
            Assert.StartsWith("#####\n#S.G#\n#####\n", output.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
            File.WriteAllText(path, "#####\n#S.G\n#####\n");
            var (badCode, badOut, err) = Run("env", "show", path);
            Assert.Equal(CommandLine.UserError, badCode);
            Assert.Equal("", badOut);
            Assert.Single(err.TrimEnd().Split('\n'));
            Assert.Contains(path + ":2:", err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("env", "show", "no-such-task")]
    [InlineData("env", "show")]
    [InlineData("env", "list", "--yaml")]
    [InlineData("env", "frob")]
    public void BadArgumentsAreOneLineUserErrors(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(CommandLine.UserError, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("distral: env", err, StringComparison.Ordinal);
    }
}
