using System.Text.Json;
using Distral.Cli;

namespace Distral.Cli.Tests;

/// <summary><c>distral bench --task-threads</c>: task phases on two threads do the same work, counted the same way.</summary>
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
    public void TwoTaskThreadsDoTheSameWorkAsOne()
    {
        var one = Json("bench", "--json", "--rounds", "6", "--no-kernels");
        var two = Json("bench", "--json", "--rounds", "6", "--no-kernels", "--task-threads", "2");
        Assert.Equal(1, one.GetProperty("task_threads").GetInt32());
        Assert.Equal(2, two.GetProperty("task_threads").GetInt32());
        foreach (string key in new[] { "tasks", "batch", "rounds", "env_steps", "task_updates", "distill_updates" })
            Assert.Equal(one.GetProperty(key).GetInt64(), two.GetProperty(key).GetInt64());
        Assert.Equal(30, two.GetProperty("env_steps").GetInt64()); // 5 tasks x 6 rounds, counted across both threads
        Assert.Equal(30, two.GetProperty("task_updates").GetInt64());
        Assert.True(two.GetProperty("seconds").GetDouble() > 0);
    }

    [Fact]
    public void ScalingMeasuresEveryRowWithOneAndTwoTaskThreads()
    {
        var stdout = new StringWriter();
        int code = BenchCommand.Run(["--scaling", "--json", "--rounds", "2", "--task-threads", "2"], stdout, [1, 2], [32]);
        Assert.Equal(CommandLine.Ok, code);
        using var doc = JsonDocument.Parse(stdout.ToString());
        var byTasks = doc.RootElement.GetProperty("by_tasks").EnumerateArray().ToList();
        Assert.Equal(new[] { (1, 1), (1, 2), (2, 1), (2, 2) },
            byTasks.Select(r => (r.GetProperty("tasks").GetInt32(), r.GetProperty("task_threads").GetInt32())));
        foreach (var r in byTasks)
            Assert.Equal(2L * r.GetProperty("tasks").GetInt64(), r.GetProperty("env_steps").GetInt64());
        var byBatch = doc.RootElement.GetProperty("by_batch").EnumerateArray().ToList();
        Assert.Equal(new[] { 1, 2 }, byBatch.Select(r => r.GetProperty("task_threads").GetInt32()));
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
