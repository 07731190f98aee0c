using System.Globalization;
using System.Text.Json;

namespace Distral.Experiments.Tests;

public class RunnerTests
{
    private static RunResult RunScripted(string directory, string[] overrides, bool distilled)
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, overrides);
        return ExperimentRunner.Run(new RunRequest
        {
            Config = config,
            OutputDirectory = directory,
            AgentFactory = (envs, _, _) => new ScriptedAgent(envs.Count, distilled),
        });
    }

    [Fact]
    public void MetricsCsvHasTheContractHeaderAndOneRowPerEpisode()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        RunScripted(dir, ["tasks=plan4,plan6", "episodes=3", "max_episode_steps=20"], distilled: false);
        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.csv"));
        Assert.Equal("task,episode,steps,return,env_steps_total,wall_seconds", lines[0]);
        Assert.Equal(1 + 2 * 3, lines.Length);
        long previousTotal = 0;
        foreach (string line in lines.Skip(1))
        {
            var f = line.Split(',');
            Assert.Equal(6, f.Length);
            int task = f[0] == "plan4" ? 0 : 1;
            Assert.Equal(ScriptedAgent.Duration(task, int.Parse(f[1], CultureInfo.InvariantCulture)), int.Parse(f[2], CultureInfo.InvariantCulture));
            Assert.Equal(-int.Parse(f[2], CultureInfo.InvariantCulture) / 10.0, double.Parse(f[3], CultureInfo.InvariantCulture), 9);
            long total = long.Parse(f[4], CultureInfo.InvariantCulture);
            Assert.True(total > previousTotal);
            previousTotal = total;
            Assert.True(double.Parse(f[5], CultureInfo.InvariantCulture) >= 0);
        }
    }

    [Fact]
    public void SummaryJsonHasEveryContractField()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var result = RunScripted(dir, ["tasks=plan4,plan6", "episodes=60", "max_episode_steps=20", "seed=7", "algorithm=distral-1col-sql"], distilled: true);
        using var doc = JsonDocument.Parse(File.ReadAllText(result.SummaryPath));
        var root = doc.RootElement;
        Assert.Equal("distral-1col-sql", root.GetProperty("algorithm").GetString());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        long envSteps = root.GetProperty("env_steps").GetInt64();
        // Task i's episodes last 10 + i + k steps for k = 0..59.
        Assert.Equal(Enumerable.Range(0, 60).Sum(k => 10 + k) + Enumerable.Range(0, 60).Sum(k => 11 + k), envSteps);
        Assert.True(root.GetProperty("wall_seconds").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("steps_per_second").ValueKind);
        var tasks = root.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(2, tasks.Count);
        var plan4 = tasks[0];
        Assert.Equal("plan4", plan4.GetProperty("name").GetString());
        Assert.Equal(60, plan4.GetProperty("episodes").GetInt32());
        Assert.Equal(13, plan4.GetProperty("shortest_path").GetInt32());
        Assert.Equal(1 - 0.1 * 13, plan4.GetProperty("optimal_return").GetDouble(), 9);
        // Last 50 of 10..69 = 20..69, mean 44.5; all 60: mean 39.5.
        Assert.Equal(44.5, plan4.GetProperty("mean_duration_last50").GetDouble(), 9);
        Assert.Equal(39.5, plan4.GetProperty("mean_duration_all").GetDouble(), 9);
        Assert.Equal(-4.45, plan4.GetProperty("mean_return_last50").GetDouble(), 9);
        // The scripted agent always goes up: it never reaches the goal, so the episode is cut at the limit.
        Assert.Equal(20, plan4.GetProperty("greedy_steps").GetInt32());
        Assert.True(plan4.GetProperty("greedy_return").GetDouble() < 0);
        var distilled = root.GetProperty("distilled");
        Assert.Equal([20, 20], distilled.GetProperty("greedy_steps").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(2, distilled.GetProperty("greedy_return").GetArrayLength());
        Assert.False(root.TryGetProperty("pi0_corridor", out _));
        var back = RunSummary.Parse(File.ReadAllText(result.SummaryPath), result.SummaryPath);
        Assert.Equal(result.Summary.Tasks[1].MeanDurationAll, back.Tasks[1].MeanDurationAll, 6);
    }

    [Fact]
    public void TwoRoomRunsReportPi0InTheCorridorAndNullShortestPaths()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var result = RunScripted(dir, ["tasks=two-room-random:0..1", "episodes=2", "max_episode_steps=5"], distilled: true);
        using var doc = JsonDocument.Parse(File.ReadAllText(result.SummaryPath));
        var corridor = doc.RootElement.GetProperty("pi0_corridor");
        Assert.Equal(0.4, corridor.GetProperty("p_continue").GetDouble(), 5);
        Assert.Equal(0.2, corridor.GetProperty("p_vertical").GetDouble(), 5);
        var task = doc.RootElement.GetProperty("tasks")[0];
        Assert.Equal(JsonValueKind.Null, task.GetProperty("shortest_path").ValueKind);
        Assert.Equal(JsonValueKind.Null, task.GetProperty("optimal_return").ValueKind);
    }

    [Fact]
    public void RunDirectoryHoldsResolvedConfigAndCheckpoints()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        RunScripted(dir, ["tasks=plan6", "episodes=1", "max_episode_steps=5", "alpha=0.3"], distilled: false);
        var config = ConfigLoader.Load(Path.Combine(dir, "config.yaml"));
        Assert.Equal(0.3, config.GetDouble("alpha"));
        Assert.Equal(["plan6"], config.Tasks);
        Assert.True(File.Exists(Path.Combine(dir, "checkpoints", "final", "task0.safetensors")));
    }

    [Fact]
    public void SummaryUsesTheFirstRequestedEpisodesWhenATaskOvershoots()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, ["tasks=plan4,plan6", "episodes=4", "max_episode_steps=20"]);
        var result = ExperimentRunner.Run(new RunRequest
        {
            Config = config,
            OutputDirectory = dir,
            AgentFactory = (envs, _, _) => new ScriptedAgent(envs.Count, distilled: false, extraForTask0: 3),
        });
        // metrics.csv keeps all 7 + 4 episodes; the summary uses episodes 0..3 of plan4 (durations 10..13).
        Assert.Equal(1 + 7 + 4, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
        Assert.Equal(4, result.Summary.Tasks[0].Episodes);
        Assert.Equal(11.5, result.Summary.Tasks[0].MeanDurationAll, 9);
        Assert.Equal(11.5, result.Summary.Tasks[0].MeanDurationLast50, 9);
        var sums = ResultsTable.ReturnSums(Path.Combine(dir, "metrics.csv"), new Dictionary<string, int> { ["plan4"] = 4 });
        Assert.Equal(-4.6, sums["plan4"], 9);
    }

    [Fact]
    public void NonEmptyOutputDirectoryIsRefused()
    {
        string dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "precious");
        var e = Assert.Throws<ConfigException>(() => RunScripted(dir, ["tasks=plan6", "episodes=1"], distilled: false));
        Assert.Contains("not empty", e.Message);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(dir, "keep.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void ReportTableAggregatesSeeds()
    {
        string root = TestPaths.NewTempDirectory();
        RunScripted(Path.Combine(root, "a", "seed1"), ["tasks=plan4,plan6", "episodes=4", "max_episode_steps=20", "seed=1"], distilled: false);
        RunScripted(Path.Combine(root, "a", "seed2"), ["tasks=plan4,plan6", "episodes=4", "max_episode_steps=20", "seed=2"], distilled: false);
        RunScripted(Path.Combine(root, "b"), ["tasks=plan4,plan6", "episodes=4", "max_episode_steps=20", "algorithm=sql-independent"], distilled: false);
        string markdown = ResultsTable.Build(ResultsTable.FindRuns(root), "Test results");
        Assert.Contains("# Test results", markdown);
        Assert.Contains("## distral-2col-sql", markdown);
        Assert.Contains("## sql-independent", markdown);
        // plan4: durations 10..13 (mean 11.5) on both seeds -> no spread; the scripted greedy policy is never optimal.
        Assert.Contains("| plan4 | 13 | 11.5 ± 0.0 | 11.5 ± 0.0 | -4.6 ± 0.0 | 0/2 |", markdown);
        Assert.Contains("| distral-2col-sql | 2 | 4 |", markdown);
    }

    [Fact]
    public void GreedyOptimalCountsShortestPathWithTheOptimalReturn()
    {
        string root = TestPaths.NewTempDirectory();
        var plan4 = new TaskSummary("plan4", 200, 13, -0.3, 14, 50, -0.4, 13, -0.3);
        var plan6Bumped = new TaskSummary("plan6", 200, 5, 0.5, 6, 9, 0.4, 5, 0.0);
        Write(Path.Combine(root, "s1"), 1, [plan4, plan6Bumped with { GreedyReturn = 0.5 }]);
        Write(Path.Combine(root, "s2"), 2, [plan4, plan6Bumped]);
        string markdown = ResultsTable.Build(ResultsTable.FindRuns(root), "T");
        Assert.Contains("| plan4 | 13 |", markdown);
        Assert.Matches(@"\| plan4 \| 13 \|[^\n]*\| 2/2 \|", markdown);
        Assert.Matches(@"\| plan6 \| 5 \|[^\n]*\| 1/2 \|", markdown);
        Assert.Contains("| g | 2 | 200 |", markdown);
        Assert.Contains("| 1/2 |", markdown);

        static void Write(string dir, ulong seed, TaskSummary[] tasks)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "summary.json"), new RunSummary("g", seed, 10, 1, 10, tasks, null, null).ToJson());
        }
    }

    [Fact]
    public void StatIsMeanAndSampleStandardDeviation()
    {
        Assert.Equal("2.0 ± 1.0", ResultsTable.Stat([1, 2, 3]));
        Assert.Equal("5.0", ResultsTable.Stat([5]));
        Assert.Equal("-", ResultsTable.Stat([]));
    }
}
