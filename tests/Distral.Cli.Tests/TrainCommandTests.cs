using System.Text.Json;
using Distral.Cli;

namespace Distral.Cli.Tests;

public class TrainCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    private static string TempDir() => Cli.TempDir();

    private static string EmptyConfig() => Cli.EmptyConfig();

    private static void AssertOneLineUserError((int Code, string Out, string Err) r, string expectedFragment)
    {
        Assert.Equal(CommandLine.UserError, r.Code);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        Assert.Contains(expectedFragment, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void TinyRunEndToEndWritesTheRunDirectory()
    {
        string dir = Path.Combine(TempDir(), "run");
        var r = Run("train", "--tasks", "plan6", "--episodes", "3", "--seed", "5", "--out", dir,
            "--set", "batch_size=16", "--set", "min_replay=16", "--set", "hidden=8,8", "--set", "max_episode_steps=60",
            "--set", "progress_every=1", "--set=algorithm=distral-2col-sql", "--config", EmptyConfig());
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        Assert.Equal("", r.Err);
        Assert.Contains("episode 3/3", r.Out);
        Assert.Contains($"summary: {Path.Combine(dir, "summary.json")}", r.Out);
        // The run ends by saying where the report is (issue E), and the report exists.
        Assert.EndsWith($"report: {Path.Combine(dir, "report.html")}", r.Out.TrimEnd());
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        foreach (string file in new[] { "config.yaml", "metrics.csv", "summary.json" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        Assert.True(File.Exists(Path.Combine(dir, "checkpoints", "final", "distilled.safetensors")));
        Assert.Equal(1 + 3, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var root = doc.RootElement;
        Assert.Equal("distral-2col-sql", root.GetProperty("algorithm").GetString());
        Assert.Equal(5, root.GetProperty("seed").GetInt32());
        Assert.True(root.GetProperty("env_steps").GetInt64() >= 3);
        var task = root.GetProperty("tasks")[0];
        Assert.Equal("plan6", task.GetProperty("name").GetString());
        Assert.Equal(3, task.GetProperty("episodes").GetInt32());
        Assert.Equal(5, task.GetProperty("shortest_path").GetInt32());
        int greedy = task.GetProperty("greedy_steps").GetInt32();
        Assert.InRange(greedy, 1, 60);
        Assert.Equal(1, root.GetProperty("distilled").GetProperty("greedy_steps").GetArrayLength());
    }

    [Fact]
    public void QuietRunPrintsOnlyTheSummary()
    {
        string dir = Path.Combine(TempDir(), "run");
        var r = Run("train", "--config", EmptyConfig(), "--tasks", "plan6", "--episodes", "1", "--out", dir, "--quiet",
            "--set", "algorithm=sql-independent", "--set", "max_episode_steps=20", "--set", "hidden=4", "--set", "checkpoints=false");
        Assert.Equal(CommandLine.Ok, r.Code);
        Assert.DoesNotContain("episode 1/1", r.Out);
        Assert.Contains("summary:", r.Out);
        Assert.False(Directory.Exists(Path.Combine(dir, "checkpoints")));
    }

    [Fact]
    public void NonEmptyOutIsRefused()
    {
        string dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "x"), "");
        var r = Run("train", "--config", EmptyConfig(), "--tasks", "plan6", "--episodes", "1", "--out", dir);
        AssertOneLineUserError(r, "not empty");
    }

    [Fact]
    public void MissingConfigFileIsOneLineExitTwo()
    {
        string path = Path.Combine(TempDir(), "nope.yaml");
        var r = Run("train", "--config", path);
        AssertOneLineUserError(r, $"{path}: no such config file");
    }

    [Fact]
    public void BadConfigValueNamesFileLineAndKey()
    {
        string path = Path.Combine(TempDir(), "bad.yaml");
        File.WriteAllText(path, "algorithm: distral-2col-sql\nbeta: 0\n");
        var r = Run("train", "--config", path);
        AssertOneLineUserError(r, $"{path}:2: key 'beta'");
    }

    [Fact]
    public void UnknownSetKeySuggestsTheNearest()
    {
        var r = Run("train", "--config", EmptyConfig(), "--set", "gama=0.9");
        AssertOneLineUserError(r, "did you mean 'gamma'");
    }

    [Fact]
    public void UnknownTaskAndUnknownOptionAreUserErrors()
    {
        AssertOneLineUserError(Run("train", "--config", EmptyConfig(), "--tasks", "plan99", "--out", Path.Combine(TempDir(), "r")), "unknown task 'plan99'");
        AssertOneLineUserError(Run("train", "--frobnicate"), "unknown option '--frobnicate'");
        AssertOneLineUserError(Run("train", "--episodes", "0"), "--episodes 0");
        AssertOneLineUserError(Run("train", "--seed"), "--seed needs a value");
    }

    [Fact]
    public void HelpAndKeysListEveryKey()
    {
        var help = Run("train", "--help");
        Assert.Equal(CommandLine.Ok, help.Code);
        Assert.Contains("--config FILE", help.Out);
        var keys = Run("train", "--keys");
        Assert.Equal(CommandLine.Ok, keys.Code);
        foreach (var key in Distral.Experiments.ConfigKeys.All) Assert.Contains(key.Name, keys.Out);
        Assert.Contains("train", Run("--help").Out);
    }

    [Fact]
    public void KeysShowEachFamilysDefaultWhereTheyDiffer()
    {
        var keys = Run("train", "--keys");
        Assert.Equal(CommandLine.Ok, keys.Code);
        var gamma = keys.Out.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith("gamma ", StringComparison.Ordinal));
        Assert.EndsWith("0.999 (soft-Q), 0.99 (actor-critic)", gamma);
    }

    [Fact]
    public void InvalidOptionIsAUserErrorNamingTheKey()
    {
        var r = Run("train", "--config", EmptyConfig(), "--tasks", "plan6", "--episodes", "1", "--set", "lr_task=1e-50",
            "--out", Path.Combine(TempDir(), "r"), "--quiet");
        AssertOneLineUserError(r, "key 'lr_task': must be > 0, got 0");
    }

    [Fact]
    public void ReportTableAggregatesRunsAndRefusesMissingDirectories()
    {
        string root = TempDir();
        var r = Run("train", "--config", EmptyConfig(), "--tasks", "plan6", "--episodes", "1", "--out", Path.Combine(root, "s1"), "--quiet",
            "--set", "max_episode_steps=20", "--set", "hidden=4", "--set", "algorithm=sql-independent");
        Assert.Equal(CommandLine.Ok, r.Code);
        string report = Path.Combine(root, "report.md");
        var table = Run("report-table", root, "--title", "T", "--out", report);
        Assert.True(table.Code == CommandLine.Ok, table.Err);
        Assert.Contains("## sql-independent", File.ReadAllText(report));
        AssertOneLineUserError(Run("report-table", Path.Combine(root, "missing")), "no such directory");
    }
}
