using System.Text.Json;
using Distral.Cli;

namespace Distral.Cli.Tests;

/// <summary><c>distral bench --task-threads</c>: task phases on two threads do the same work, counted the same way.</summary>
[Collection(SgemmThreadsCollection.Name)]
public class BenchTaskThreadsTests
{
    private static JsonElement Json(params string[] args)
    {
        var (code, output, err) = Cli.Run(args);
        Assert.True(code == CommandLine.Ok, err);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void TaskThreadsReachTheJsonWithTheWorkCountedAcrossThem()
    {
        // The work per thread count is tested on SoftQScheduleBenchmark (Distral.Experiments.Tests); this is the printing.
        var two = Json("bench", "--json", "--rounds", "2", "--no-kernels", "--task-threads", "2");
        Assert.Equal(2, two.GetProperty("task_threads").GetInt32());
        Assert.Equal(10, two.GetProperty("env_steps").GetInt64()); // 5 tasks x 2 rounds, counted across both threads
        Assert.Equal(10, two.GetProperty("task_updates").GetInt64());
        Assert.True(two.GetProperty("seconds").GetDouble() > 0);
    }

    [Fact]
    public void ScalingTextShowsTheSpeedUpColumn()
    {
        var stdout = new StringWriter();
        Assert.Equal(CommandLine.Ok, BenchCommand.Run(["--scaling", "--rounds", "2", "--task-threads", "2"], stdout, [2], [32]));
        string text = stdout.ToString();
        Assert.Contains("task threads 1 and 2", text);
        Assert.Contains("speed-up", text);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("two")]
    public void BadTaskThreadsIsAOneLineUserError(string value)
    {
        var (code, output, err) = Cli.Run("bench", "--task-threads", value);
        Assert.Equal(CommandLine.UserError, code);
        Assert.Equal("", output);
        Assert.Equal($"distral: bench: --task-threads must be 1 or 2, got '{value}'", err.TrimEnd());
    }
}
