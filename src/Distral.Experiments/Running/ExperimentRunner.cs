using System.Globalization;
using Distral.Agents;
using Distral.Envs;
using Distral.Nn;

namespace Distral.Experiments;

/// <summary>
/// Runs one configured experiment: makes the run directory, writes config.yaml, trains the agent while
/// recording metrics.csv and a TensorBoard event file, evaluates greedily, saves checkpoints, writes summary.json
/// (cli-contract.md), machine.json and the HTML report (report.html + report-*.svg).
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Episodes averaged for the "last 50" figures.</summary>
    public const int LastWindow = 50;

    /// <summary>Runs <paramref name="request"/>; user errors are <see cref="ConfigException"/>s raised before training starts.</summary>
    public static RunResult Run(RunRequest request)
    {
        var config = request.Config;
        ConfigLoader.ValidateCombination(config, request.ConfigSource);
        var algorithm = AlgorithmCatalog.Get(config.Algorithm);
        var tasks = TaskResolver.Resolve(config.Tasks);
        string directory = PrepareDirectory(request.OutputDirectory ?? DefaultDirectory(config));
        File.WriteAllText(Path.Combine(directory, "config.yaml"), config.ToYaml());
        HtmlMachineInfo.Current().Save(directory);

        var envs = TaskResolver.CreateEnvs(tasks, config.Seed, config.MaxEpisodeSteps, stream: 0);
        var factory = request.AgentFactory ?? algorithm.Create;
        var agent = factory(envs, config, config.Seed);
        string label = $"{config.Algorithm} seed {config.Seed}";
        request.Progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {tasks.Count} tasks ({string.Join(", ", tasks.Select(t => t.Name))}), {config.Episodes} episodes each, max {config.MaxEpisodeSteps} steps, writing {directory}"));

        double wall;
        long envSteps;
        List<(IReadOnlyList<int> Durations, IReadOnlyList<double> Returns)> curves;
        using (var recorder = new MetricsRecorder(Path.Combine(directory, "metrics.csv"), [.. tasks.Select(t => t.Name)],
                   config.Episodes, request.Progress, config.GetInt("progress_every"), label, tensorBoardDirectory: directory))
        {
            agent.Train(config.Episodes, recorder, request.Cancel);
            wall = recorder.WallSeconds;
            envSteps = agent.EnvSteps;
            curves = [.. Enumerable.Range(0, tasks.Count).Select(i => (recorder.Durations(i), recorder.Returns(i)))];
        }

        var evalEnvs = TaskResolver.CreateEnvs(tasks, config.Seed, config.MaxEpisodeSteps, stream: 1);
        var taskSummaries = new List<TaskSummary>();
        for (int i = 0; i < tasks.Count; i++)
        {
            var (greedySteps, greedyReturn) = Evaluation.GreedyEpisode(agent, i, evalEnvs[i], distilled: false, TaskResolver.EnvSeed(config.Seed, i, 2));
            // Tasks step in lock-step, so short-episode tasks finish more than the requested episodes while the
            // slowest catches up; the statistics use each task's first `episodes` episodes (metrics.csv has all).
            var durations = curves[i].Durations.Take(config.Episodes).ToList();
            var returns = curves[i].Returns.Take(config.Episodes).ToList();
            taskSummaries.Add(new TaskSummary(
                tasks[i].Name, durations.Count, tasks[i].Spec.ShortestPath, tasks[i].Spec.OptimalReturn,
                MeanOfLast(durations.Select(d => (double)d).ToList(), LastWindow),
                durations.Count == 0 ? double.NaN : durations.Average(),
                MeanOfLast(returns, LastWindow),
                greedySteps, greedyReturn));
        }

        DistilledSummary? distilled = null;
        CorridorSummary? corridor = null;
        if (agent.HasDistilledPolicy)
        {
            var steps = new int[tasks.Count];
            var returns = new double[tasks.Count];
            for (int i = 0; i < tasks.Count; i++)
                (steps[i], returns[i]) = Evaluation.GreedyEpisode(agent, i, evalEnvs[i], distilled: true, TaskResolver.EnvSeed(config.Seed, i, 2));
            distilled = new DistilledSummary(steps, returns);
            if (tasks.Any(t => t.IsTwoRoomRandom) && envs[0].ObservationSpace.Size == 3) corridor = Evaluation.Pi0Corridor(agent);
        }

        if (config.GetBool("checkpoints")) SaveCheckpoints(agent, Path.Combine(directory, "checkpoints", "final"), config, envSteps);

        var summary = new RunSummary(config.Algorithm, config.Seed, envSteps, wall, wall > 0 ? envSteps / wall : 0,
            taskSummaries, distilled, corridor);
        string summaryPath = Path.Combine(directory, "summary.json");
        File.WriteAllText(summaryPath, summary.ToJson() + "\n");
        WriteReport(directory, agent, tasks, evalEnvs, request.Progress);
        return new RunResult(directory, summaryPath, summary);
    }

    /// <summary>Mean of the last <paramref name="window"/> values (all when fewer; NaN when none).</summary>
    public static double MeanOfLast(IReadOnlyList<double> values, int window)
    {
        if (values.Count == 0) return double.NaN;
        int start = Math.Max(0, values.Count - window);
        double sum = 0;
        for (int i = start; i < values.Count; i++) sum += values[i];
        return sum / (values.Count - start);
    }

    /// <summary>runs/&lt;algorithm&gt;-&lt;seed&gt;-&lt;UTC timestamp&gt;.</summary>
    public static string DefaultDirectory(RunConfig config) =>
        Path.Combine("runs", $"{config.Algorithm}-{config.Seed}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

    /// <summary>Creates the directory; an existing non-empty one is refused (a finished run is never overwritten).</summary>
    public static string PrepareDirectory(string directory)
    {
        if (File.Exists(directory)) throw new ConfigException($"--out {directory}: is a file, not a directory");
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new ConfigException($"--out {directory}: directory exists and is not empty (choose another or remove it)");
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigException($"--out {directory}: cannot create the directory ({e.Message.TrimEnd('.')})", e);
        }
        return directory;
    }

    // The report is a convenience: failing to write it must not lose a finished run (re-render with `distral report`).
    private static void WriteReport(string directory, IMultitaskAgent agent, IReadOnlyList<ResolvedTask> tasks, IReadOnlyList<IEnv> envs, TextWriter? progress)
    {
        try
        {
            var pictures = SvgPolicyMaps.FromAgent(agent, [.. tasks.Select(t => t.Name)], envs);
            HtmlReport.Write([directory], Path.Combine(directory, HtmlReport.FileName), new HtmlReportOptions
            {
                PolicyPictures = _ => (pictures, pictures.Count == 0 ? "the tasks are not gridworlds" : null),
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigException)
        {
            progress?.WriteLine($"report: not written ({e.Message.ReplaceLineEndings(" ")}); run 'distral report {directory}' to retry");
        }
    }

    private static void SaveCheckpoints(IMultitaskAgent agent, string folder, RunConfig config, long envSteps)
    {
        Directory.CreateDirectory(folder);
        var metadata = new Dictionary<string, string>
        {
            ["algorithm"] = config.Algorithm,
            ["seed"] = config.Seed.ToString(CultureInfo.InvariantCulture),
            ["env_steps"] = envSteps.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, network) in agent.Networks)
            network.SaveSafetensors(Path.Combine(folder, name + ".safetensors"), metadata);
    }
}
