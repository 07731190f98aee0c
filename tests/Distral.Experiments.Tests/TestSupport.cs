using System.Runtime.CompilerServices;
using Distral.Agents;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Experiments.Tests;

/// <summary>Paths and scratch directories for the tests.</summary>
internal static class TestPaths
{
    /// <summary>The repository root, found from this source file (builds may live elsewhere via --artifacts-path).</summary>
    public static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Distral.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>A fresh empty directory under the temp folder.</summary>
    public static string NewTempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "distral-exp-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>
/// A scripted agent: task i's episode k lasts <c>10 + i + k</c> steps with return -(steps)/10; it acts with a
/// fixed action and, optionally, has a pi_0 with fixed probabilities. Lets the runner be tested without learning.
/// </summary>
internal sealed class ScriptedAgent : IMultitaskAgent
{
    private readonly int _tasks;
    private readonly int _action;
    private readonly Linear _network = new(3, 4, new Rng(1));
    private readonly int _extraForTask0;
    private int _episodesDone;

    /// <param name="extraForTask0">Episodes task 0 runs beyond the request (lock-step agents overshoot on fast tasks).</param>
    public ScriptedAgent(int tasks, bool distilled, int action = GridWorld.Up, int extraForTask0 = 0)
    {
        _tasks = tasks;
        _extraForTask0 = extraForTask0;
        HasDistilledPolicy = distilled;
        _action = action;
    }

    public string Algorithm => "scripted";
    public int TaskCount => _tasks;
    public long EnvSteps { get; private set; }
    public bool HasDistilledPolicy { get; }
    public IReadOnlyList<(string Name, Module Network)> Networks => [("task0", _network)];

    public static int Duration(int task, int episode) => 10 + task + episode;

    public void Train(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel)
    {
        for (int k = _episodesDone; k < episodesPerTask + _extraForTask0; k++)
        {
            for (int i = 0; i < _tasks; i++)
            {
                if (k >= episodesPerTask && i > 0) continue;
                int steps = Duration(i, k);
                EnvSteps += steps;
                observer.OnEpisode(new EpisodeRecord(i, k, steps, -steps / 10.0, EnvSteps));
            }
        }
        _episodesDone = episodesPerTask;
    }

    public int Act(int task, ReadOnlySpan<float> obs, bool greedy) => _action;

    public int ActDistilled(ReadOnlySpan<float> obs, bool greedy) =>
        HasDistilledPolicy ? _action : throw new InvalidOperationException("no pi_0");

    // pi_0 = (up, down, left, right) = (0.1, 0.1, 0.4, 0.4): in the corridor P(continue) = 0.4, P(vertical) = 0.2.
    public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs)
    {
        probs[0] = 0.1f;
        probs[1] = 0.1f;
        probs[2] = 0.4f;
        probs[3] = 0.4f;
    }
}
