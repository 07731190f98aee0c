using System.Text.Json;
using Distral.Cli;

namespace Distral.Cli.Tests;

/// <summary>
/// <c>distral bench --ac</c>: parsing and printing of the actor-critic throughput bench (async 1 and 2 threads, sync); its
/// settings and figures are tested on <c>ActorCriticThroughputBenchmark</c> in Distral.Experiments.Tests.
/// </summary>
[Collection(SgemmThreadsCollection.Name)]
public class BenchActorCriticTests
{
    private static JsonElement Json(params string[] args)
    {
        var (code, output, err) = Cli.Run(args);
        Assert.True(code == CommandLine.Ok, err);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void JsonReportsEveryConfigurationWithTheWorkItDid()
    {
        var root = Json("bench", "--ac", "--json", "--seconds", "0.15", "--warmup", "0.05", "--repeats", "2");
        Assert.Equal("actor-critic", root.GetProperty("benchmark").GetString());
        Assert.Equal("kl-2col", root.GetProperty("algorithm").GetString());
        Assert.Equal(5, root.GetProperty("tasks").GetInt32());
        int copies = root.GetProperty("workers_per_task").GetInt32(), unroll = root.GetProperty("unroll").GetInt32();
        Assert.Equal((16, 10), (copies, unroll));
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(6, runs.Count);
        // Interleaved: each repeat runs the three configurations once, in a rotated order.
        Assert.Equal(["async-1", "async-2", "sync", "async-2", "sync", "async-1"], runs.Select(r => r.GetProperty("configuration").GetString()));
        foreach (var r in runs)
        {
            long steps = r.GetProperty("env_steps").GetInt64(), updates = r.GetProperty("updates").GetInt64();
            Assert.True(updates > 0, r.ToString());
            // An async update is one learner's unroll of one env row; a sync update unrolls every copy of every task.
            long stepsPerUpdate = r.GetProperty("mode").GetString() == "sync" ? 5L * copies * unroll : unroll;
            Assert.Equal(updates * stepsPerUpdate, steps);
            double seconds = r.GetProperty("seconds").GetDouble();
            // The window is ended by CancelAfter, whose timer runs on the coarse tick clock (up to a few ms early
            // against the Stopwatch on Linux); anything shorter than that tolerance would mean the bench cut it short.
            Assert.True(seconds >= 0.15 - 0.005, $"window {seconds} s is shorter than asked");
            Assert.Equal(steps / seconds, r.GetProperty("steps_per_second").GetDouble(), 1e-3 * steps / seconds);
            Assert.True(r.GetProperty("cpu_seconds").GetDouble() > 0);
            Assert.Equal((double)r.GetProperty("allocated_bytes").GetInt64() / updates, r.GetProperty("allocated_bytes_per_update").GetDouble(), 1e-3);
        }

        var summary = root.GetProperty("summary");
        double Best(string label) => runs.Where(r => r.GetProperty("configuration").GetString() == label).Max(r => r.GetProperty("steps_per_second").GetDouble());
        foreach (string label in new[] { "async-1", "async-2", "sync" })
        {
            Assert.Equal(2, summary.GetProperty(label).GetProperty("runs").GetInt32());
            Assert.Equal(Best(label), summary.GetProperty(label).GetProperty("best_steps_per_second").GetDouble(), 1e-2);
        }
        Assert.Equal(Best("async-2") / Best("async-1"), root.GetProperty("ratio_best").GetDouble(), 1e-3);
        double median1 = summary.GetProperty("async-1").GetProperty("median_steps_per_second").GetDouble();
        double median2 = summary.GetProperty("async-2").GetProperty("median_steps_per_second").GetDouble();
        Assert.Equal(median2 / median1, root.GetProperty("ratio_median").GetDouble(), 1e-3);
    }

    [Fact]
    public void TextReportEndsWithTheThreadRatio()
    {
        var (code, output, err) = Cli.Run("bench", "--ac", "--seconds", "0.1", "--warmup", "0.05", "--repeats", "1", "--algorithm", "a3c");
        Assert.True(code == CommandLine.Ok, err);
        string[] lines = output.TrimEnd().Split('\n');
        Assert.StartsWith("Actor-critic a3c, plans 4-8", lines[0]);
        Assert.Contains("ratio 2 threads / 1 thread:", lines[^1]);
        Assert.Contains(lines, l => l.Contains("async-2", StringComparison.Ordinal) && l.Contains("best", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--seconds", "0", "--seconds")]
    [InlineData("--seconds", "abc", "--seconds")]
    [InlineData("--repeats", "0", "--repeats")]
    [InlineData("--algorithm", "dqn", "unknown algorithm 'dqn'")]
    [InlineData("--rounds", "5", "unknown option '--rounds'")]
    public void BadArgumentsAreOneLineUserErrors(string option, string value, string expected)
    {
        var (code, output, err) = Cli.Run("bench", "--ac", option, value);
        Assert.Equal(CommandLine.UserError, code);
        Assert.Equal("", output);
        Assert.Contains(expected, err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var (code, output, _) = Cli.Run("bench", "--ac", "--help");
        Assert.Equal(CommandLine.Ok, code);
        foreach (string option in new[] { "--seconds", "--repeats", "--warmup", "--algorithm", "--seed", "--json" })
            Assert.Contains(option, output);
        Assert.Contains("--ac", BenchCommand.Usage);
    }
}
