using System.Text.Json;
using Distral.Cli;

namespace Distral.Cli.Tests;

public class SweepCommandTests
{
    [Fact]
    public void GridTimesSeedsPicksThePointWithTheLargestMeanAuc()
    {
        string config = TrainedRuns.TinyConfig("distral-2col-sql");
        string outDir = Path.Combine(TrainedRuns.TempDir(), "sweep");
        var r = Cli.Run("sweep", config, "--grid", "beta=5,20", "--grid", "hidden=4;8", "--seeds", "1..2", "--out", outDir, "--quiet");
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "sweep.json")));
        var points = doc.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(4, points.Count);
        Assert.Equal("5", points[0].GetProperty("settings").GetProperty("beta").GetString());
        Assert.Equal("8", points[1].GetProperty("settings").GetProperty("hidden").GetString());
        foreach (var p in points)
        {
            var runs = p.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(2, runs.Count);
            Assert.Equal((runs[0].GetProperty("auc").GetDouble() + runs[1].GetProperty("auc").GetDouble()) / 2, p.GetProperty("auc").GetDouble(), 4);
            foreach (var run in runs) Assert.True(File.Exists(Path.Combine(outDir, run.GetProperty("directory").GetString()!, "summary.json")));
        }
        var best = points.OrderByDescending(p => p.GetProperty("auc").GetDouble()).First();
        Assert.Equal(best.GetProperty("name").GetString(), doc.RootElement.GetProperty("best").GetString());
        Assert.Equal(1, best.GetProperty("rank").GetInt32());

        var csv = File.ReadAllLines(Path.Combine(outDir, "sweep.csv"));
        Assert.Equal("point,beta,hidden,seeds,auc_mean,auc_sd,mean_return_last50,rank,best", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.Single(csv, l => l.EndsWith(",true", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(outDir, "sweep-final-returns.svg")).TrimStart());
        Assert.Contains("best: beta=", r.Out);
        // The printed ranking starts with the best point.
        var table = r.Out.Split('\n').SkipWhile(l => !l.StartsWith("rank", StringComparison.Ordinal)).ToList();
        Assert.Contains(best.GetProperty("name").GetString()!, table[1]);
        Assert.StartsWith("1 ", table[1].TrimStart());
    }

    [Fact]
    public void UserErrorsAreOneLineExitTwo()
    {
        string config = TrainedRuns.TinyConfig("sql-independent");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("sweep", config), "no --grid");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("sweep", "--grid", "beta=1,2"), "no configuration file given");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("sweep", config, "--grid", "bta=1,2"), "did you mean 'beta'");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("sweep", config, "--grid", "beta=1,0"), "key 'beta'");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("sweep", config, "--grid", "beta"), "expected key=v1,v2");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("sweep", config, "--grid", "seed=1,2"), "--seeds");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("sweep", config, "--grid", "beta=1,2", "--grid", "beta=3"), "given twice");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("sweep", config, "--grid", "beta=1,2", "--jobs", "x"), "--jobs x");
    }
}
