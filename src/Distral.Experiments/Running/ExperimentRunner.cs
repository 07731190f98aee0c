using System.Globalization;
using Distral.Agents;
using Distral.Envs;
using Distral.Nn;

namespace Distral.Experiments;

/// <summary>
/// Runs one configured experiment: makes the run directory, writes config.yaml, trains the agent while
/// recording metrics.csv and a TensorBoard event file, writes resumable checkpoints (every <c>checkpoint_every</c>
/// episodes, at the end and on cancellation; see docs/checkpoints.md), evaluates greedily, writes summary.json
/// (fields in docs/cli.md), machine.json and the HTML report (report.html + report-*.svg). Also continues a run
/// from its last checkpoint (<see cref="RunRequest.ResumeFrom"/>). File and folder names: <see cref="RunDirectory"/>.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Episodes averaged for the "last 50" figures.</summary>
    public const int LastWindow = 50;

    /// <summary>
    /// Runs <paramref name="request"/>; user errors are <see cref="ConfigException"/>s raised before anything is
    /// written. Cancellation ends in <see cref="RunInterruptedException"/> (after a resumable checkpoint), a NaN or
    /// infinite loss in <see cref="TrainingDivergedException"/> (no checkpoint after it).
    /// </summary>
    public static RunResult Run(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = request.Config;
        var resume = request.ResumeFrom;
        ConfigLoader.ValidateCombination(config, request.ConfigSource);
        var algorithm = AlgorithmCatalog.Get(config.Algorithm);
        var tasks = TaskResolver.Resolve(config);
        string[] taskNames = [.. tasks.Select(t => t.Name)];
        string directory;
        if (resume is null)
        {
            directory = request.OutputDirectory ?? DefaultDirectory(config);
            CheckNewOrEmpty(directory);
        }
        else
        {
            directory = request.OutputDirectory ?? throw new ArgumentException("Resuming needs OutputDirectory: the run directory of the checkpoint.", nameof(request));
            RunCheckpoints.CheckSameRun(resume, config, taskNames);
        }
        var run = new RunDirectory(directory);

        // Everything that can fail on user input (the agent's settings, its teachers, a bad checkpoint) happens
        // before the run directory is created or touched.
        var envs = TaskResolver.CreateEnvs(tasks, config.Seed, config.MaxEpisodeSteps, stream: 0);
        var factory = request.AgentFactory ?? algorithm.Create;
        var agent = factory(envs, config, config.Seed);
        var checkpointable = config.GetBool("checkpoints") ? agent as ICheckpointableAgent : null;
        if (resume is not null) RunCheckpoints.RestoreTrainingState(resume, agent, envs);
        else PrepareDirectory(directory);

        WriteTextAtomically(run.ConfigPath, config.ToYaml());
        if (resume is null) HtmlMachineInfo.Current().Save(directory);
        else RunCheckpoints.RestoreRecordings(resume, run);

        string label = $"{config.Algorithm} seed {config.Seed}";
        request.Progress?.WriteLine(resume is null
            ? string.Create(CultureInfo.InvariantCulture, $"{label}: {tasks.Count} tasks ({string.Join(", ", taskNames)}), {config.Episodes} episodes each, max {config.MaxEpisodeSteps} steps, writing {directory}")
            : string.Create(CultureInfo.InvariantCulture, $"{label}: resuming {directory} from {resume.Folder} at {resume.Manifest.EpisodesDone.Min()} episodes per task, up to {config.Episodes}"));

        double wall;
        long envSteps;
        string? checkpoint = resume?.Folder;
        List<(IReadOnlyList<int> Durations, IReadOnlyList<double> Returns)> curves;
        string csvPath = run.MetricsPath;
        int progressEvery = config.GetInt("progress_every");
        using (var recorder = resume is null
                   ? new MetricsRecorder(csvPath, taskNames, config.Episodes, request.Progress, progressEvery, label, tensorBoardDirectory: directory)
                   : MetricsRecorder.Resume(csvPath, taskNames, config.Episodes, request.Progress, progressEvery, label, resume.Manifest.WallSeconds, tensorBoardDirectory: directory))
        {
            var guard = new TrainingGuard(taskNames, request.Observer is null ? [recorder] : [recorder, request.Observer]);
            SavedCheckpoint Checkpoint(string reason) =>
                RunCheckpoints.Save(run, reason, config, taskNames, checkpointable!, envs, recorder);
            try
            {
                int every = checkpointable is null ? 0 : config.GetInt("checkpoint_every");
                if (every > 0)
                {
                    for (int next = (checkpointable!.EpisodesDonePerTask.Min() / every + 1) * every; next < config.Episodes; next += every)
                    {
                        agent.Train(next, guard, request.Cancel);
                        checkpoint = Checkpoint("periodic").Folder;
                    }
                }
                agent.Train(config.Episodes, guard, request.Cancel);
            }
            catch (OperationCanceledException e) when (request.Cancel.IsCancellationRequested)
            {
                // The agent stops between rounds, so its state is consistent: the checkpoint resumes exactly here.
                int done = checkpointable?.EpisodesDonePerTask.Min() ?? taskNames.Select((_, i) => recorder.Durations(i).Count).Min();
                string? saved = checkpointable is null ? null : Checkpoint("interrupted").Folder;
                throw new RunInterruptedException(directory, saved, done, e);
            }
            catch (TrainingDivergedException e)
            {
                throw e.WithNote(checkpoint is null ? $"no checkpoint was written ({directory})" : $"the last good checkpoint is {checkpoint}");
            }
            wall = recorder.WallSeconds;
            envSteps = agent.EnvSteps;
            if (checkpointable is not null) checkpoint = Checkpoint("final").Folder;
            curves = [.. Enumerable.Range(0, tasks.Count).Select(i => (recorder.Durations(i), recorder.Returns(i)))];
        }
        if (config.GetBool("checkpoints")) RunCheckpoints.SaveFinalNetworks(agent, run, config, envSteps);

        var evalEnvs = TaskResolver.CreateEnvs(tasks, config.Seed, config.MaxEpisodeSteps, stream: 1);
        var summary = RunSummaryBuilder.Build(agent, config, tasks, envs, evalEnvs, curves, envSteps, wall);
        string summaryPath = run.SummaryPath;
        WriteTextAtomically(summaryPath, summary.ToJson() + "\n");
        WriteReport(run, agent, tasks, evalEnvs, request.Progress);
        return new RunResult(directory, summaryPath, summary, checkpoint);
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
        CheckNewOrEmpty(directory);
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

    private static void CheckNewOrEmpty(string directory)
    {
        if (File.Exists(directory)) throw new ConfigException($"--out {directory}: is a file, not a directory");
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new ConfigException($"--out {directory}: directory exists and is not empty (choose another or remove it)");
    }

    // The report is a convenience: failing to write it must not lose a finished run (re-render with `distral report`).
    private static void WriteReport(RunDirectory run, IMultitaskAgent agent, IReadOnlyList<ResolvedTask> tasks, IReadOnlyList<IEnv> envs, TextWriter? progress)
    {
        try
        {
            var pictures = SvgPolicyMaps.FromAgent(agent, [.. tasks.Select(t => t.Name)], envs);
            HtmlReport.Write([run.Path], run.ReportPath, new HtmlReportOptions
            {
                PolicyPictures = _ => (pictures, pictures.Count == 0 ? "the tasks are not gridworlds" : null),
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigException)
        {
            progress?.WriteLine($"report: not written ({e.Message.ReplaceLineEndings(" ")}); run 'distral report {run.Path}' to retry");
        }
    }

    /// <summary>
    /// The config to continue <paramref name="checkpoint"/> with: the checkpoint's own, with <c>episodes</c> set to
    /// <paramref name="episodes"/> when given (else the checkpoint's target).
    /// </summary>
    public static RunConfig ResumeConfig(SavedCheckpoint checkpoint, int? episodes)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var config = ConfigLoader.Parse(checkpoint.Manifest.Config, checkpoint.PathOf(RunDirectory.CheckpointManifestFileName));
        return episodes is int n ? config.With("episodes", (long)n) : config;
    }





    // Temp file + rename: a reader (or a crash) never sees half a config.yaml or summary.json.
    private static void WriteTextAtomically(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

}
