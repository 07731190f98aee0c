using Distral.Cli;

namespace Distral.Cli.Tests;

/// <summary><c>distral train --prior RUN_DIR</c> and <c>--init-from RUN_DIR</c>: keys `prior_run` and `init_from` from the command line.</summary>
public class TrainTransferTests
{
    private static readonly string[] Tiny = ["--seed", "2", "--quiet", "--set", "max_episode_steps=30", "--set", "progress_every=0",
        "--set", "batch_size=8", "--set", "min_replay=8"];

    private static string Source()
    {
        string dir = Path.Combine(Cli.TempDir(), "source");
        var r = Cli.Run(["train", "--config", Cli.EmptyConfig(), "--set", "algorithm=distral-2col-sql", "--set", "hidden=8,8",
            "--tasks", "plan4,plan5", "--episodes", "2", "--out", dir, .. Tiny]);
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        return dir;
    }

    [Fact]
    public void PriorAndInitFromSetTheKeysAndTheSummarySaysWhereTheRunStarted()
    {
        string source = Source();
        string target = Path.Combine(Cli.TempDir(), "target");
        var r = Cli.Run(["train", "--config", Cli.EmptyConfig(), "--set", "algorithm=distral-2col-sql", "--set", "hidden=8,8",
            "--tasks", "plan7,plan8", "--episodes", "2", "--prior", source, "--init-from", source, "--set", "prior_trainable=false", "--out", target, .. Tiny]);
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        string yaml = File.ReadAllText(Path.Combine(target, "config.yaml"));
        Assert.Contains($"prior_run: \"{source}\"", yaml, StringComparison.Ordinal);
        Assert.Contains($"init_from: \"{source}\"", yaml, StringComparison.Ordinal);
        string summary = File.ReadAllText(Path.Combine(target, "summary.json"));
        Assert.Contains("\"mode\": \"init-prior-frozen\"", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ASourceWithOtherLayerSizesIsOneLineExitTwoAndWritesNothing()
    {
        string source = Source();
        string target = Path.Combine(Cli.TempDir(), "target");
        var r = Cli.Run(["train", "--config", Cli.EmptyConfig(), "--set", "algorithm=distral-2col-sql", "--set", "hidden=8,16",
            "--tasks", "plan7", "--episodes", "1", "--init-from", source, "--out", target, .. Tiny]);
        Assert.Equal(CommandLine.UserError, r.Code);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        Assert.Contains($"key 'init_from': {source} does not fit this run: hidden layer 2 is 8->8 in the source but 8->16", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void TheHelpListsPriorAndInitFrom()
    {
        var r = Cli.Run("train", "--help");
        Assert.Contains("--prior DIR", r.Out, StringComparison.Ordinal);
        Assert.Contains("--init-from DIR", r.Out, StringComparison.Ordinal);
    }
}
