using Distral.Agents;
using Distral.Cli;

namespace Distral.Cli.Tests;

/// <summary>
/// The reliability cases of issue E driven through the command in-process: every user error is one line on stderr,
/// exit code 2, no stack trace and nothing written; Ctrl-C leaves a resumable checkpoint; a NaN loss stops training.
/// Cases already covered by TrainCommandTests (missing config, non-empty --out, beta 0, --episodes 0, unknown --set
/// key) are not repeated.
/// </summary>
public class ReliabilityTests
{
    // Small and fast, but with every learned part: distilled column, replay, target networks, Adam.
    private static readonly string[] Tiny =
    [
        "--tasks", "plan5,plan6", "--seed", "3", "--set", "algorithm=distral-2col-sql", "--set", "hidden=8,8", "--set", "batch_size=16",
        "--set", "min_replay=16", "--set", "max_episode_steps=40", "--set", "progress_every=0",
    ];

    private static string TempDir() => Cli.TempDir();

    private static string File_(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertUserError((int Code, string Out, string Err) r, params string[] fragments)
    {
        Assert.True(r.Code == CommandLine.UserError, $"exit {r.Code}; stderr: {r.Err}");
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        foreach (string f in fragments) Assert.Contains(f, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("Exception", r.Err);
    }

    private static (int Code, string Out, string Err) Train(string dir, int episodes, params string[] extra) =>
        Cli.Run(["train", "--config", File_(TempDir(), "empty.yaml", ""), "--out", dir, "--episodes", $"{episodes}", .. Tiny, .. extra]);

    // metrics.csv without the wall-clock column.
    private static List<string> MetricsWithoutWall(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Select(l => l[..l.LastIndexOf(',')])];

    [Theory]
    [InlineData("malformed-yaml")]
    [InlineData("unknown-key-in-file")]
    [InlineData("unknown-algorithm")]
    [InlineData("episodes-negative-in-file")]
    [InlineData("alpha-above-one")]
    [InlineData("alpha-below-zero")]
    [InlineData("missing-map")]
    [InlineData("malformed-map")]
    [InlineData("out-under-a-file")]
    [InlineData("out-is-a-file")]
    public void UserErrorsAreOneLineExitTwoAndWriteNothing(string name)
    {
        string dir = TempDir();
        string run = Path.Combine(dir, "run");
        string config = File_(dir, "run.yaml", "seed: 1\n");
        string[] args;
        string[] expected;
        switch (name)
        {
            case "malformed-yaml":
                config = File_(dir, "run.yaml", "seed: 1\ntasks: [plan4, plan5\nepisodes: 3\n");
                (args, expected) = (["--config", config], [config + ":", "invalid YAML"]);
                break;
            case "unknown-key-in-file":
                config = File_(dir, "run.yaml", "seed: 1\nepisdoes: 3\n");
                (args, expected) = (["--config", config], [config + ":2:", "unknown key 'episdoes'", "did you mean 'episodes'"]);
                break;
            case "unknown-algorithm":
                config = File_(dir, "run.yaml", "algorithm: distral-3col\n");
                (args, expected) = (["--config", config], [config + ":1:", "'algorithm'", "distral-2col-sql"]);
                break;
            case "episodes-negative-in-file":
                config = File_(dir, "run.yaml", "seed: 1\nepisodes: -5\n");
                (args, expected) = (["--config", config], [config + ":2: key 'episodes'"]);
                break;
            case "alpha-above-one":
                (args, expected) = (["--config", config, "--set", "alpha=1.5"], ["alpha"]);
                break;
            case "alpha-below-zero":
                config = File_(dir, "run.yaml", "alpha: -0.2\n");
                (args, expected) = (["--config", config], [config + ":1: key 'alpha'"]);
                break;
            case "missing-map":
                (args, expected) = (["--config", config, "--tasks", Path.Combine(dir, "nope.map")], ["unknown task", "nope.map"]);
                break;
            case "malformed-map":
                string map = File_(dir, "broken.map", "#####\n#S.X#\n#####\n");
                (args, expected) = (["--config", config, "--tasks", map], [map + ":2:"]);
                break;
            case "out-under-a-file":
                string blocker = File_(dir, "blocker", "");
                run = Path.Combine(blocker, "run");
                (args, expected) = (["--config", config, "--tasks", "plan6"], ["--out " + run, "cannot create the directory"]);
                break;
            case "out-is-a-file":
                run = File_(dir, "file-run", "");
                (args, expected) = (["--config", config, "--tasks", "plan6"], ["--out " + run, "is a file"]);
                break;
            default:
                throw new ArgumentException(name);
        }
        var r = Cli.Run(["train", .. args, "--out", run, "--episodes", "1"]);
        AssertUserError(r, expected);
        if (name != "out-is-a-file") Assert.False(Directory.Exists(run) || File.Exists(run), "nothing may be written on a user error");
    }

    [Fact]
    public void ResumeRefusesOtherSettingsAndMissingRuns()
    {
        string dir = TempDir();
        AssertUserError(Cli.Run("train", "--resume", dir, "--set", "lr_task=0.1"), "--resume continues a run with its own config");
        AssertUserError(Cli.Run("train", "--resume", dir, "--tasks", "plan4"), "--resume");
        AssertUserError(Cli.Run("train", "--resume", Path.Combine(dir, "nope")), "no such run directory");
        AssertUserError(Cli.Run("train", "--resume", dir), "no checkpoint in");
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("corrupt")]
    [InlineData("manifest")]
    public void DamagedCheckpointIsRefusedOnResumeAndTheRunIsUntouched(string damage)
    {
        string run = Path.Combine(TempDir(), "run");
        var first = Train(run, 2);
        Assert.True(first.Code == CommandLine.Ok, first.Err);
        string folder = Directory.GetDirectories(Path.Combine(run, "checkpoints"), "ckpt-*").Single();
        string victim = damage == "manifest"
            ? Path.Combine(folder, "manifest.json")
            : Directory.GetFiles(folder).Where(f => !f.EndsWith("manifest.json", StringComparison.Ordinal)).OrderByDescending(f => new FileInfo(f).Length).First();
        var bytes = File.ReadAllBytes(victim);
        if (damage == "truncated") bytes = bytes[..(bytes.Length / 2)];
        else if (damage == "corrupt") bytes[bytes.Length / 2] ^= 0x5A;
        else bytes = [.. bytes[..(bytes.Length / 3)]];
        File.WriteAllBytes(victim, bytes);
        string metricsBefore = File.ReadAllText(Path.Combine(run, "metrics.csv"));
        string summaryBefore = File.ReadAllText(Path.Combine(run, "summary.json"));

        var r = Cli.Run("train", "--resume", run, "--episodes", "4");
        AssertUserError(r, victim, damage == "manifest" ? "JSON" : damage);
        Assert.Equal(metricsBefore, File.ReadAllText(Path.Combine(run, "metrics.csv")));
        Assert.Equal(summaryBefore, File.ReadAllText(Path.Combine(run, "summary.json")));
    }

    [Fact]
    public void CtrlCWritesACheckpointAndResumeMatchesAnUninterruptedRun()
    {
        string whole = Path.Combine(TempDir(), "whole");
        var reference = Train(whole, 6, "--set", "checkpoint_every=2");
        Assert.True(reference.Code == CommandLine.Ok, reference.Err);

        // Ctrl-C arrives while task 0 finishes its episode 3 (the token is what Console.CancelKeyPress cancels).
        string run = Path.Combine(TempDir(), "run");
        using var interrupt = new CancellationTokenSource();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = TrainCommand.Run(["--config", File_(TempDir(), "e.yaml", ""), "--out", run, "--episodes", "6", .. Tiny, "--set", "checkpoint_every=2"],
            stdout, stderr, interrupt.Token, new CancelAt(task: 0, episode: 3, interrupt));
        Assert.Equal(TrainCommand.Interrupted, code);
        string message = stderr.ToString().TrimEnd();
        Assert.Single(message.Split('\n'));
        Assert.Contains($"continue with: distral train --resume {run}", message);
        Assert.DoesNotContain("   at ", message);
        Assert.False(File.Exists(Path.Combine(run, "summary.json")));
        Assert.True(MetricsWithoutWall(run).Count < MetricsWithoutWall(whole).Count);

        var resumed = Cli.Run("train", "--resume", run, "--quiet");
        Assert.True(resumed.Code == CommandLine.Ok, resumed.Err);
        Assert.Equal(MetricsWithoutWall(whole), MetricsWithoutWall(run));
        Assert.True(File.Exists(Path.Combine(run, "summary.json")));
        Assert.Contains("report:", resumed.Out);
    }

    [Fact]
    public void AbsurdLearningRateStopsTrainingNamingTaskAndStep()
    {
        // CommandLine hands train no stderr writer (the divergence line goes to the process's stderr): use the overload.
        var stderr = new StringWriter();
        string again = Path.Combine(TempDir(), "again");
        int code = TrainCommand.Run(["--config", File_(TempDir(), "e.yaml", ""), "--out", again, "--episodes", "30", .. Tiny, "--set", "lr_task=1e30"],
            new StringWriter(), stderr, CancellationToken.None, null);
        Assert.Equal(TrainCommand.TrainingFailed, code);
        string line = stderr.ToString().TrimEnd();
        Assert.Single(line.Split('\n'));
        Assert.Matches(@"^distral: training diverged: task plan[56]: loss 'softq' is (NaN|\+Inf|-Inf) at env step \d+; ", line);
        Assert.False(File.Exists(Path.Combine(again, "summary.json")));
    }

    /// <summary>Cancels the token when a given task finishes a given episode, as a Ctrl-C at that moment would.</summary>
    private sealed class CancelAt(int task, int episode, CancellationTokenSource source) : ITrainingObserver
    {
        public void OnEpisode(in EpisodeRecord e)
        {
            if (e.Task == task && e.Episode == episode) source.Cancel();
        }

        public void OnDiagnostic(in TrainingDiagnostic diagnostic)
        {
        }
    }
}
