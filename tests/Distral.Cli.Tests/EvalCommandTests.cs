using System.Text.Json;
using Distral.Cli;

namespace Distral.Cli.Tests;

/// <summary>Tiny trained runs shared by the eval and show tests (trained once per test run, in-process).</summary>
internal static class TrainedRuns
{
    private static readonly Lazy<string> Distral2Col = new(() => Train("distral-2col-sql", "plan6"));
    private static readonly Lazy<string> Independent = new(() => Train("sql-independent", "plan6"));

    /// <summary>distral-2col-sql on plan6, 3 episodes (has pi_0).</summary>
    public static string Distral => Distral2Col.Value;

    /// <summary>sql-independent on plan6, 2 episodes (no pi_0).</summary>
    public static string NoPi0 => Independent.Value;

    public static string TempDir()
    {
        string path = Path.Combine(Path.GetTempPath(), "distral-verbs-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A copy of a run directory (tests that damage a run work on a copy).</summary>
    public static string Copy(string run)
    {
        string target = Path.Combine(TempDir(), "copy");
        foreach (string file in Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(run, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    /// <summary>An empty config file (every key at its default).</summary>
    public static string EmptyConfig()
    {
        string path = Path.Combine(TempDir(), "empty.yaml");
        File.WriteAllText(path, "");
        return path;
    }

    /// <summary>A config file for tiny fast runs of <paramref name="algorithm"/> on plan6.</summary>
    public static string TinyConfig(string algorithm, int episodes = 2)
    {
        string path = Path.Combine(TempDir(), algorithm + ".yaml");
        File.WriteAllText(path, $"algorithm: {algorithm}\ntasks: [plan6]\nepisodes: {episodes}\nmax_episode_steps: 30\nbatch_size: 8\nmin_replay: 8\nhidden: [8]\n");
        return path;
    }

    private static string Train(string algorithm, string task)
    {
        string dir = Path.Combine(TempDir(), algorithm);
        var r = Cli.Run("train", "--config", EmptyConfig(), "--tasks", task, "--episodes", "3", "--out", dir, "--quiet",
            "--set", "algorithm=" + algorithm, "--set", "max_episode_steps=40", "--set", "hidden=8,8", "--set", "batch_size=16", "--set", "min_replay=16");
        if (r.Code != CommandLine.Ok) throw new InvalidOperationException("training the fixture failed: " + r.Err);
        return dir;
    }
}

public class EvalCommandTests
{
    internal static void AssertOneLineUserError((int Code, string Out, string Err) r, string expectedFragment)
    {
        Assert.Equal(CommandLine.UserError, r.Code);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        Assert.Contains(expectedFragment, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void JsonEvaluatesTheTaskPolicyAndPi0OnTheRunsTasks()
    {
        var r = Cli.Run("eval", TrainedRuns.Distral, "--episodes", "3", "--distilled", "--json");
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("distral-2col-sql", root.GetProperty("algorithm").GetString());
        Assert.True(root.GetProperty("greedy").GetBoolean());
        var results = root.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        Assert.Equal("task0", results[0].GetProperty("policy").GetString());
        Assert.Equal("distilled", results[1].GetProperty("policy").GetString());
        foreach (var result in results.EnumerateArray())
        {
            Assert.Equal("plan6", result.GetProperty("task").GetString());
            Assert.Equal(3, result.GetProperty("episodes").GetInt32());
            Assert.InRange(result.GetProperty("mean_steps").GetDouble(), 5, 40);
            Assert.InRange(result.GetProperty("success_rate").GetDouble(), 0, 1);
            Assert.Equal(5, result.GetProperty("shortest_path").GetInt32());
        }
        // Greedy on a fixed-start gridworld: every episode is the same, and equal to the run's own greedy evaluation.
        Assert.Equal(0, results[0].GetProperty("sd_steps").GetDouble());
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(TrainedRuns.Distral, "summary.json")));
        Assert.Equal(summary.RootElement.GetProperty("tasks")[0].GetProperty("greedy_steps").GetInt32(), (int)results[0].GetProperty("mean_steps").GetDouble());
    }

    [Fact]
    public void NewTasksArePlayedByPi0OrByTheChosenTaskPolicy()
    {
        var byPi0 = Cli.Run("eval", TrainedRuns.Distral, "--tasks", "plan4,plan6", "--episodes", "1", "--json");
        Assert.True(byPi0.Code == CommandLine.Ok, byPi0.Err);
        using (var doc = JsonDocument.Parse(byPi0.Out))
        {
            var results = doc.RootElement.GetProperty("results");
            Assert.Equal("plan4", results[0].GetProperty("task").GetString());
            Assert.Equal("distilled", results[0].GetProperty("policy").GetString());
            Assert.Equal("task0", results[1].GetProperty("policy").GetString());
        }
        var byTask = Cli.Run("eval", TrainedRuns.NoPi0, "--tasks", "plan4", "--policy", "task0", "--episodes", "2", "--stochastic", "--json");
        Assert.True(byTask.Code == CommandLine.Ok, byTask.Err);
        using (var doc = JsonDocument.Parse(byTask.Out))
        {
            Assert.False(doc.RootElement.GetProperty("greedy").GetBoolean());
            Assert.Equal("task0", doc.RootElement.GetProperty("results")[0].GetProperty("policy").GetString());
        }
        // Same seed streams: a stochastic evaluation repeats exactly.
        Assert.Equal(byTask.Out, Cli.Run("eval", TrainedRuns.NoPi0, "--tasks", "plan4", "--policy", "task0", "--episodes", "2", "--stochastic", "--json").Out);
    }

    [Fact]
    public void TablePrintsOneRowPerTaskAndPolicy()
    {
        var r = Cli.Run("eval", TrainedRuns.Distral, "--episodes", "2", "--distilled");
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        var lines = r.Out.TrimEnd().Split('\n');
        Assert.Contains("greedy", lines[0]);
        Assert.StartsWith("task", lines[1]);
        Assert.Equal(4, lines.Length);
        Assert.Contains("distilled", lines[3]);
    }

    [Fact]
    public void UserErrorsAreOneLineExitTwo()
    {
        AssertOneLineUserError(Cli.Run("eval"), "no run directory given");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.Distral, "--frobnicate"), "unknown option '--frobnicate'");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.Distral, "--episodes", "0"), "--episodes 0");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.Distral, "--episodes"), "--episodes needs a value");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.Distral, "--policy", "task7"), "task0..task0");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.Distral, "--policy", "bogus"), "expected taskK");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.Distral, "--tasks", "plan99"), "unknown task 'plan99'");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.NoPi0, "--distilled"), "no distilled policy");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.NoPi0, "--tasks", "plan4"), "--policy taskK");
        AssertOneLineUserError(Cli.Run("eval", Path.Combine(TrainedRuns.TempDir(), "nope")), "no such run directory");
        AssertOneLineUserError(Cli.Run("eval", TrainedRuns.TempDir()), "no config.yaml");
    }

    [Fact]
    public void CorruptOrMissingCheckpointIsOneLineExitTwo()
    {
        string truncated = TrainedRuns.Copy(TrainedRuns.Distral);
        string file = Path.Combine(truncated, "checkpoints", "final", "distilled.safetensors");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        AssertOneLineUserError(Cli.Run("eval", truncated), "distilled.safetensors");

        string missing = TrainedRuns.Copy(TrainedRuns.Distral);
        File.Delete(Path.Combine(missing, "checkpoints", "final", "task0.safetensors"));
        AssertOneLineUserError(Cli.Run("eval", missing), "task0.safetensors is missing");

        string none = TrainedRuns.Copy(TrainedRuns.Distral);
        Directory.Delete(Path.Combine(none, "checkpoints"), recursive: true);
        AssertOneLineUserError(Cli.Run("eval", none), "no checkpoint");
    }

    [Fact]
    public void HelpListsEveryOption()
    {
        var r = Cli.Run("eval", "--help");
        Assert.Equal(CommandLine.Ok, r.Code);
        foreach (string option in new[] { "--tasks", "--episodes", "--stochastic", "--distilled", "--policy", "--json" }) Assert.Contains(option, r.Out);
        Assert.Contains("eval RUN_DIR", Cli.Run("--help").Out);
    }
}
