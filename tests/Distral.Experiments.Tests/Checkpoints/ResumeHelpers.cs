using Distral.Agents;

namespace Distral.Experiments.Tests;

/// <summary>What the resume tests of every agent family compare: run directories' metrics, scalars and final networks.</summary>
internal static class ResumeHelpers
{
    /// <summary>A fresh run directory path (not created).</summary>
    public static string NewRun() => Path.Combine(TestPaths.NewTempDirectory(), "run");

    /// <summary>metrics.csv without its last column (wall_seconds).</summary>
    public static List<string> MetricsWithoutWall(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Select(l => l[..l.LastIndexOf(',')])];

    /// <summary>Every scalar of every event file, in file order, except the wall-clock rate.</summary>
    public static List<(string?, long, float?)> Scalars(string dir) =>
        [.. Directory.GetFiles(dir, RunDirectory.TensorBoardFilePrefix + "*").Order(StringComparer.Ordinal)
            .SelectMany(EventFileReader.Read)
            .Where(e => e.Tag is not null && e.Tag != TensorBoardTags.StepsPerSecond)
            .Select(e => (e.Tag, e.Step, e.Value))];

    /// <summary>Continues the run in <paramref name="dir"/> from its latest checkpoint (to <paramref name="episodes"/> per task).</summary>
    public static RunResult Resume(string dir, int? episodes, ITrainingObserver? observer = null)
    {
        var checkpoint = CheckpointStore.OpenLatest(dir);
        return ExperimentRunner.Run(new RunRequest
        {
            Config = ExperimentRunner.ResumeConfig(checkpoint, episodes),
            OutputDirectory = dir,
            ResumeFrom = checkpoint,
            Observer = observer,
        });
    }

    /// <summary>Both runs wrote the same, non-empty set of final network files, byte for byte.</summary>
    public static void AssertSameFinalNetworks(string a, string b)
    {
        string folder = Path.Combine("checkpoints", "final");
        var names = Directory.GetFiles(Path.Combine(a, folder)).Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names, Directory.GetFiles(Path.Combine(b, folder)).Select(Path.GetFileName).Order().ToList());
        foreach (string? name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(a, folder, name!)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, folder, name!))), name);
    }
}
