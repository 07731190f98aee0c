using Distral.Cli;

namespace Distral.Cli.Tests;

/// <summary><c>distral train --teachers RUN_DIR</c>: the key `teachers` of the distillation algorithms, kept across --resume.</summary>
public class TrainTeachersTests
{
    private static string TempDir() => Cli.TempDir();

    private static string EmptyConfig() => Cli.EmptyConfig();

    private static readonly string[] Tiny = ["--tasks", "plan5,plan6", "--seed", "2", "--quiet", "--set", "max_episode_steps=30", "--set", "progress_every=0"];

    [Fact]
    public void AMissingTeachersDirectoryIsOneLineAndExitTwo()
    {
        string missing = Path.Combine(TempDir(), "no-such-run");
        var r = Cli.Run(["train", "--config", EmptyConfig(), "--set", "algorithm=policy-distillation", "--teachers", missing,
            "--episodes", "1", "--out", Path.Combine(TempDir(), "run"), .. Tiny]);
        Assert.Equal(CommandLine.UserError, r.Code);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        Assert.Contains($"key 'teachers': {missing}: no such run directory", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHelpListsTeachers()
    {
        var r = Cli.Run("train", "--help");
        Assert.Equal(CommandLine.Ok, r.Code);
        Assert.Contains("--teachers DIR", r.Out, StringComparison.Ordinal);
        Assert.Contains("[--teachers RUN_DIR]", TrainCommand.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void AStudentRunTrainsFromTeachersAndResumesWithThem()
    {
        string teachers = Path.Combine(TempDir(), "teachers");
        var t = Cli.Run(["train", "--config", EmptyConfig(), "--set", "algorithm=sql-independent", "--set", "hidden=8,8",
            "--set", "batch_size=8", "--set", "min_replay=8", "--episodes", "2", "--out", teachers, .. Tiny]);
        Assert.True(t.Code == CommandLine.Ok, t.Err);

        string student = Path.Combine(TempDir(), "student");
        var s = Cli.Run(["train", "--config", EmptyConfig(), "--set", "algorithm=actor-mimic", "--teachers", teachers,
            "--set", "student_hidden=8", "--set", "distill_batch=8", "--set", "distill_min_replay=8", "--episodes", "2", "--out", student, .. Tiny]);
        Assert.True(s.Code == CommandLine.Ok, s.Err);
        Assert.Contains($"teachers: \"{teachers}\"", File.ReadAllText(Path.Combine(student, "config.yaml")), StringComparison.Ordinal);

        // The teachers come back from config.yaml: --resume reloads them.
        var resumed = Cli.Run("train", "--resume", student, "--episodes", "4", "--quiet");
        Assert.True(resumed.Code == CommandLine.Ok, resumed.Err);
        var rows = File.ReadAllLines(Path.Combine(student, "metrics.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Contains(rows, r => r[0] == "plan5" && r[1] == "3");
        Assert.Contains(rows, r => r[0] == "plan6" && r[1] == "3");
    }
}
