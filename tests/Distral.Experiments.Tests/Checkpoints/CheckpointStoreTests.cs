namespace Distral.Experiments.Tests;

public class CheckpointStoreTests
{
    private static CheckpointManifest Manifest(string reason = "periodic") => new()
    {
        Reason = reason,
        CreatedUtc = "2026-01-01T00:00:00.0000000Z",
        Algorithm = "distral-2col-sql",
        Seed = 7,
        Tasks = ["plan4", "a,\"b\""],
        EpisodesTarget = 20,
        EpisodesDone = [10, 12],
        EnvSteps = 1234,
        WallSeconds = 1.5,
        MetricsRows = 22,
        TensorBoardFile = "events.out.tfevents.1.host",
        TensorBoardBytes = 999,
        EnvStates = true,
        Agent = new Dictionary<string, string> { ["rng.act"] = "0123", ["updates"] = "5,6" },
        Config = "algorithm: distral-2col-sql\nseed: 7\n",
    };

    private static SavedCheckpoint SaveWithFiles(string run, string reason = "periodic", int size = 100) =>
        CheckpointStore.Save(run, folder =>
        {
            File.WriteAllBytes(Path.Combine(folder, "a.bin"), [.. Enumerable.Range(0, size).Select(i => (byte)i)]);
            File.WriteAllText(Path.Combine(folder, "b.txt"), "hello");
            return Manifest(reason);
        });

    [Fact]
    public void ManifestRoundTripsThroughJsonWithEveryFileListed()
    {
        string run = TestPaths.NewTempDirectory();
        var saved = SaveWithFiles(run);
        var opened = CheckpointStore.OpenLatest(run);
        Assert.Equal(saved.Folder, opened.Folder);
        var m = opened.Manifest;
        Assert.Equal(["a.bin", "b.txt"], m.Files.Select(f => f.Name));
        Assert.Equal(100, m.Files[0].Bytes);
        Assert.Equal(64, m.Files[0].Sha256.Length);
        Assert.Equal(Manifest().Tasks, m.Tasks);
        Assert.Equal([10, 12], m.EpisodesDone);
        Assert.Equal((ulong)7, m.Seed);
        Assert.Equal(1234, m.EnvSteps);
        Assert.Equal(999, m.TensorBoardBytes);
        Assert.Equal("5,6", m.Agent["updates"]);
        Assert.Equal(Manifest().Config, m.Config);
        Assert.Equal(saved.Manifest.ToJson(), m.ToJson());
    }

    [Fact]
    public void ANewCheckpointReplacesTheOldOneAndAFailedOneLeavesTheOldInPlace()
    {
        string run = TestPaths.NewTempDirectory();
        var first = SaveWithFiles(run);
        var second = SaveWithFiles(run, "final");
        Assert.NotEqual(first.Folder, second.Folder);
        Assert.False(Directory.Exists(first.Folder));
        Assert.Equal(second.Folder, new RunDirectory(run).LatestCheckpointFolder());

        // A writer that fails half-way (disk full, crash in the agent) must not disturb the last good checkpoint.
        Assert.Throws<IOException>(() => CheckpointStore.Save(run, folder =>
        {
            File.WriteAllText(Path.Combine(folder, "half.bin"), "half");
            throw new IOException("disk full");
        }));
        Assert.Equal(second.Folder, new RunDirectory(run).LatestCheckpointFolder());
        Assert.Equal("final", CheckpointStore.OpenLatest(run).Manifest.Reason);
        Assert.Single(Directory.GetDirectories(new RunDirectory(run).CheckpointsFolder));
    }

    [Fact]
    public void ALeftoverTemporaryFolderIsNeverTakenForACheckpoint()
    {
        string run = TestPaths.NewTempDirectory();
        var good = SaveWithFiles(run);
        // What a crash in the middle of writing leaves behind.
        Directory.CreateDirectory(Path.Combine(new RunDirectory(run).CheckpointsFolder, ".tmp-deadbeef"));
        Assert.Equal(good.Folder, CheckpointStore.OpenLatest(run).Folder);
    }

    [Fact]
    public void TruncatedFileIsRefusedNamingTheFile()
    {
        string run = TestPaths.NewTempDirectory();
        var saved = SaveWithFiles(run);
        string file = saved.PathOf("a.bin");
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..40]);
        var e = Assert.Throws<ConfigException>(() => CheckpointStore.OpenLatest(run));
        Assert.Contains(file, e.Message);
        Assert.Contains("truncated (40 bytes, the manifest says 100)", e.Message);
    }

    [Fact]
    public void CorruptFileIsRefusedNamingTheFile()
    {
        string run = TestPaths.NewTempDirectory();
        var saved = SaveWithFiles(run);
        string file = saved.PathOf("a.bin");
        var bytes = File.ReadAllBytes(file);
        bytes[50] ^= 0x40;
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<ConfigException>(() => CheckpointStore.OpenLatest(run));
        Assert.Contains(file, e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("{\"format\": \"something-else\"}", "not a distral-checkpoint manifest")]
    [InlineData("{\"format\": \"distral-checkpoint\", \"version\": 1}", "malformed manifest")]
    [InlineData("{\"format\": \"distral-checkpoint\", \"version\": 99}", "version 99 is not supported")]
    public void MalformedManifestIsRefused(string json, string expected)
    {
        string run = TestPaths.NewTempDirectory();
        var saved = SaveWithFiles(run);
        File.WriteAllText(saved.PathOf(RunDirectory.CheckpointManifestFileName), json);
        var e = Assert.Throws<ConfigException>(() => CheckpointStore.OpenLatest(run));
        Assert.Contains(expected, e.Message);
        Assert.Contains(RunDirectory.CheckpointManifestFileName, e.Message);
    }

    [Fact]
    public void MissingRunOrCheckpointIsAUserError()
    {
        string run = TestPaths.NewTempDirectory();
        Assert.Contains("no checkpoint", Assert.Throws<ConfigException>(() => CheckpointStore.OpenLatest(run)).Message);
        Assert.Contains("no such run directory", Assert.Throws<ConfigException>(() => CheckpointStore.OpenLatest(Path.Combine(run, "nope"))).Message);
        var saved = SaveWithFiles(run);
        File.Delete(saved.PathOf("b.txt"));
        Assert.Contains("file is missing", Assert.Throws<ConfigException>(() => CheckpointStore.OpenLatest(run)).Message);
    }
}
