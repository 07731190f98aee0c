using System.Text.Json;
using Distral.Cli;

namespace Distral.Cli.Tests;

public class CompareCommandTests
{
    [Fact]
    public void TwoConfigsTimesTwoSeedsInParallelWithOneReport()
    {
        string a = TrainedRuns.TinyConfig("distral-2col-sql"), b = TrainedRuns.TinyConfig("sql-independent");
        string outDir = Path.Combine(TrainedRuns.TempDir(), "cmp");
        var r = Cli.Run("compare", a, b, "--seeds", "1..2", "--jobs", "2", "--out", outDir);
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        foreach (string run in new[] { "distral-2col-sql-1", "distral-2col-sql-2", "sql-independent-1", "sql-independent-2" })
            Assert.True(File.Exists(Path.Combine(outDir, run, "summary.json")), run);
        // Plain progress lines carry their run's name.
        Assert.Contains("[sql-independent-2] ", r.Out);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.Contains($"report: {Path.Combine(outDir, "report.html")}", r.Out);
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("(2 seeds)", html);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "compare.json")));
        var configs = doc.RootElement.GetProperty("configs");
        Assert.Equal(2, configs.GetArrayLength());
        Assert.Equal("distral-2col-sql", configs[0].GetProperty("name").GetString());
        Assert.Equal(2, configs[0].GetProperty("seeds").GetInt32());
        var runs = doc.RootElement.GetProperty("runs");
        Assert.Equal(4, runs.GetArrayLength());
        // The config's AUC is the mean of its runs' AUCs.
        double mean = (runs[0].GetProperty("auc").GetDouble() + runs[1].GetProperty("auc").GetDouble()) / 2;
        Assert.Equal(mean, configs[0].GetProperty("auc").GetDouble(), 4);
        // The printed table has one row per config.
        var table = r.Out.Split('\n').SkipWhile(l => !l.StartsWith("config", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("distral-2col-sql ", table[1]);
        Assert.StartsWith("sql-independent ", table[2]);
    }

    [Fact]
    public void AParallelRunEqualsTheSameRunAlone()
    {
        string a = TrainedRuns.TinyConfig("distral-2col-sql");
        string both = Path.Combine(TrainedRuns.TempDir(), "both"), alone = Path.Combine(TrainedRuns.TempDir(), "alone");
        Assert.Equal(CommandLine.Ok, Cli.Run("compare", a, "--seeds", "3,4", "--jobs", "2", "--out", both, "--quiet").Code);
        Assert.Equal(CommandLine.Ok, Cli.Run("compare", a, "--seeds", "4", "--jobs", "1", "--out", alone, "--quiet").Code);
        static string Metrics(string dir) => string.Join("\n", File.ReadAllLines(Path.Combine(dir, "distral-2col-sql-4", "metrics.csv"))
            .Select(l => string.Join(",", l.Split(',')[..5])));
        Assert.Equal(Metrics(alone), Metrics(both));
    }

    [Fact]
    public void UserErrorsAreOneLineExitTwo()
    {
        string a = TrainedRuns.TinyConfig("sql-independent");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare"), "no configuration files given");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare", a, "--seeds", "5..1"), "--seeds 5..1");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare", a, "--seeds", "1,x"), "'x' is not a seed");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare", a, "--jobs", "0"), "--jobs 0");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare", a, "--speed"), "unknown option '--speed'");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare", a, "--set", "gama=1"), "did you mean 'gamma'");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare", Path.Combine(TrainedRuns.TempDir(), "none.yaml")), "no such config file");
        string full = TrainedRuns.TempDir();
        File.WriteAllText(Path.Combine(full, "x"), "");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare", a, "--out", full), "not empty");
        string badTask = Path.Combine(TrainedRuns.TempDir(), "bad.yaml");
        File.WriteAllText(badTask, "tasks: [plan99]\n");
        string outDir = Path.Combine(TrainedRuns.TempDir(), "o");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("compare", a, badTask, "--out", outDir), "unknown task 'plan99'");
        Assert.False(Directory.Exists(outDir), "no run may start when one configuration is invalid");
    }
}
