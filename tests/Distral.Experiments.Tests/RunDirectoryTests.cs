namespace Distral.Experiments.Tests;

/// <summary>
/// The run-folder names are an on-disk format (older runs, scripts and the behaviour digests read them), so they
/// are spelled out here literally rather than through the constants under test.
/// </summary>
public class RunDirectoryTests
{
    [Fact]
    public void PathsAreTheDocumentedNames()
    {
        string dir = Path.Combine("runs", "a");
        var run = new RunDirectory(dir);
        Assert.Equal(dir, run.Path);
        Assert.Equal(Path.Combine(dir, "config.yaml"), run.ConfigPath);
        Assert.Equal(Path.Combine(dir, "metrics.csv"), run.MetricsPath);
        Assert.Equal(Path.Combine(dir, "summary.json"), run.SummaryPath);
        Assert.Equal(Path.Combine(dir, "machine.json"), run.MachinePath);
        Assert.Equal(Path.Combine(dir, "report.html"), run.ReportPath);
        Assert.Equal(Path.Combine(dir, "checkpoints"), run.CheckpointsFolder);
        Assert.Equal(Path.Combine(dir, "checkpoints", "final"), run.FinalNetworksFolder);
        Assert.Equal(Path.Combine(dir, "checkpoints", "final", "task0.safetensors"), run.FinalNetworkPath("task0"));
        Assert.Equal(Path.Combine(dir, "checkpoints", "ckpt-0007"), run.CheckpointFolder(7));
        Assert.Equal("manifest.json", RunDirectory.CheckpointManifestFileName);
        Assert.Equal("envs.bin", RunDirectory.CheckpointEnvStatesFileName);
        Assert.Equal("metrics.csv", RunDirectory.CheckpointMetricsFileName);
        Assert.Equal("report.html", HtmlReport.FileName);
    }

    [Theory]
    [InlineData(0, "ckpt-0000")]
    [InlineData(1, "ckpt-0001")]
    [InlineData(42, "ckpt-0042")]
    [InlineData(9999, "ckpt-9999")]
    [InlineData(12345, "ckpt-12345")]
    public void CheckpointFolderNamesHaveAtLeastFourDigitsAndParseBack(int number, string name)
    {
        Assert.Equal(name, RunDirectory.CheckpointFolderName(number));
        Assert.True(RunDirectory.TryParseCheckpointNumber(name, out int parsed));
        Assert.Equal(number, parsed);
    }

    [Theory]
    [InlineData("final")]
    [InlineData(".tmp-0123abcd")]
    [InlineData("ckpt-")]
    [InlineData("ckpt-x")]
    [InlineData("ckpt--1")]
    [InlineData("ckpt-+1")]
    [InlineData("ckpt- 1")]
    [InlineData("ckpt-99999999999")]
    [InlineData("CKPT-0001")]
    public void OtherFolderNamesAreNoCheckpoint(string name) =>
        Assert.False(RunDirectory.TryParseCheckpointNumber(name, out _));

    [Fact]
    public void NegativeCheckpointNumbersAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RunDirectory.CheckpointFolderName(-1));

    [Fact]
    public void TheLatestCheckpointIsTheHighestNumberNotTheNewestOrLongestName()
    {
        var run = new RunDirectory(TestPaths.NewTempDirectory());
        Assert.Null(run.LatestCheckpointFolder()); // no checkpoints/ folder at all
        Assert.Equal(run.CheckpointFolder(1), run.NextCheckpointFolder());

        Directory.CreateDirectory(run.CheckpointsFolder);
        Assert.Null(run.LatestCheckpointFolder());
        foreach (string name in (string[])["ckpt-0010", "ckpt-0002", "ckpt-0009", ".tmp-deadbeef", "final", "ckpt-x"])
            Directory.CreateDirectory(Path.Combine(run.CheckpointsFolder, name));
        File.WriteAllText(Path.Combine(run.CheckpointsFolder, "ckpt-0099"), "a file, not a checkpoint folder");

        Assert.Equal([2, 9, 10], run.CheckpointNumbers().Order());
        Assert.Equal(run.CheckpointFolder(10), run.LatestCheckpointFolder());
        Assert.Equal(run.CheckpointFolder(11), run.NextCheckpointFolder());
    }

    [Fact]
    public void TemporaryFoldersAreFreshAndReplacedWithOldCheckpoints()
    {
        var run = new RunDirectory("r");
        string a = run.NewTemporaryCheckpointFolder(), b = run.NewTemporaryCheckpointFolder();
        Assert.NotEqual(a, b);
        Assert.Equal(run.CheckpointsFolder, Path.GetDirectoryName(a));
        Assert.StartsWith(".tmp-", Path.GetFileName(a), StringComparison.Ordinal);
        Assert.False(RunDirectory.TryParseCheckpointNumber(Path.GetFileName(a), out _));
        Assert.True(RunDirectory.IsReplacedByNewCheckpoint(Path.GetFileName(a)));
        Assert.True(RunDirectory.IsReplacedByNewCheckpoint("ckpt-0003"));
        Assert.False(RunDirectory.IsReplacedByNewCheckpoint("final"));
    }

    [Fact]
    public void TheCheckpointStoreNumbersItsFoldersThroughRunDirectory()
    {
        var run = new RunDirectory(TestPaths.NewTempDirectory());
        CheckpointManifest Manifest() => new()
        {
            Reason = "periodic", CreatedUtc = "2026-01-01T00:00:00.0000000Z", Algorithm = "sql-independent", Seed = 1,
            Tasks = ["plan4"], EpisodesTarget = 2, EpisodesDone = [1], EnvSteps = 3, WallSeconds = 0, MetricsRows = 1,
            EnvStates = false, Agent = new Dictionary<string, string>(), Config = "algorithm: sql-independent\n",
        };
        Assert.Equal(run.CheckpointFolder(1), CheckpointStore.Save(run.Path, _ => Manifest()).Folder);
        var second = CheckpointStore.Save(run.Path, _ => Manifest());
        Assert.Equal(run.CheckpointFolder(2), second.Folder);
        Assert.Equal(second.Folder, run.LatestCheckpointFolder());
        Assert.True(File.Exists(second.PathOf("manifest.json")));
    }

    [Fact]
    public void TensorBoardFileNamesCarryTheStartSecondAndASafeHost()
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.Equal("events.out.tfevents.1700000000.my-host.lan", RunDirectory.TensorBoardFileName(time, "my-host.lan"));
        Assert.Equal("events.out.tfevents.1700000000.a_b_c", RunDirectory.TensorBoardFileName(time, "a/b c"));
        Assert.Equal("events.out.tfevents.1700000000.localhost", RunDirectory.TensorBoardFileName(time, ""));
        Assert.Equal(1_700_000_000, RunDirectory.TensorBoardFileSeconds(RunDirectory.TensorBoardFileName(time, "h")));
        Assert.Equal(long.MinValue, RunDirectory.TensorBoardFileSeconds("events.out.tfevents.soon.h"));
        Assert.Equal(long.MinValue, RunDirectory.TensorBoardFileSeconds("metrics.csv"));
    }

    [Fact]
    public void TensorBoardFilesListsOnlyEventFiles()
    {
        var run = new RunDirectory(TestPaths.NewTempDirectory());
        string events = Path.Combine(run.Path, RunDirectory.TensorBoardFileName(DateTimeOffset.UnixEpoch, "h"));
        File.WriteAllText(events, "");
        File.WriteAllText(run.MetricsPath, "");
        Assert.Equal([events], run.TensorBoardFiles());
    }

    [Fact]
    public void ARunWritesExactlyTheNamedFiles()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var config = ConfigLoader.Parse("""
            algorithm: distral-2col-sql
            tasks: [plan6]
            seed: 2
            episodes: 2
            max_episode_steps: 20
            hidden: [4]
            batch_size: 8
            min_replay: 8
            progress_every: 0
            """, "test.yaml");
        var result = ExperimentRunner.Run(new RunRequest { Config = config, OutputDirectory = dir });
        var run = new RunDirectory(dir);
        Assert.Equal(run.SummaryPath, result.SummaryPath);
        Assert.Equal(run.LatestCheckpointFolder(), result.Checkpoint);

        var top = Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => !n!.EndsWith(".svg", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["config.yaml", "machine.json", "metrics.csv", "report.html", "summary.json"], top.Where(n => !n!.StartsWith("events.out.tfevents.", StringComparison.Ordinal)));
        Assert.Single(run.TensorBoardFiles());
        Assert.Equal(["ckpt-0001", "final"], Directory.GetDirectories(run.CheckpointsFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["distilled.safetensors", "task0.safetensors"],
            Directory.GetFiles(run.FinalNetworksFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var inCheckpoint = Directory.GetFiles(result.Checkpoint!).Select(Path.GetFileName).ToHashSet();
        Assert.Contains("manifest.json", inCheckpoint);
        Assert.Contains("envs.bin", inCheckpoint);
        Assert.Contains("metrics.csv", inCheckpoint);
    }
}
