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
            directory = PrepareDirectory(request.OutputDirectory ?? DefaultDirectory(config));
        }
        else
        {
            directory = request.OutputDirectory ?? throw new ArgumentException("Resuming needs OutputDirectory: the run directory of the checkpoint.", nameof(request));
            CheckSameRun(resume, config, taskNames);
        }
        var run = new RunDirectory(directory);

        var envs = TaskResolver.CreateEnvs(tasks, config.Seed, config.MaxEpisodeSteps, stream: 0);
        var factory = request.AgentFactory ?? algorithm.Create;
        var agent = factory(envs, config, config.Seed);
        var checkpointable = config.GetBool("checkpoints") ? agent as ICheckpointableAgent : null;
        // Everything that can fail on a bad checkpoint happens before the run directory is touched.
        if (resume is not null) RestoreTrainingState(resume, agent, envs);

        WriteTextAtomically(run.ConfigPath, config.ToYaml());
        if (resume is null) HtmlMachineInfo.Current().Save(directory);
        else RestoreRecordings(resume, run);

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
                SaveCheckpoint(run, reason, config, taskNames, checkpointable!, envs, recorder);
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
        if (config.GetBool("checkpoints")) SaveFinalNetworks(agent, run, config, envSteps);

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
            if (tasks.Any(t => t.IsTwoRoomRandom) && Evaluation.CorridorOptions(envs) is GridWorldOptions options)
                corridor = Evaluation.Pi0Corridor(agent, options);
        }

        var summary = new RunSummary(config.Algorithm, config.Seed, envSteps, wall, wall > 0 ? envSteps / wall : 0,
            taskSummaries, distilled, corridor);
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

    private static void CheckSameRun(SavedCheckpoint resume, RunConfig config, IReadOnlyList<string> taskNames)
    {
        var m = resume.Manifest;
        string where = $"checkpoint {resume.Folder}";
        if (m.Algorithm != config.Algorithm) throw new ConfigException($"{where}: it is a '{m.Algorithm}' run, the config says '{config.Algorithm}'");
        if (m.Seed != config.Seed) throw new ConfigException($"{where}: it is a run with seed {m.Seed}, the config says {config.Seed}");
        if (!m.Tasks.SequenceEqual(taskNames, StringComparer.Ordinal) || m.EpisodesDone.Count != taskNames.Count)
            throw new ConfigException($"{where}: its tasks ({string.Join(", ", m.Tasks)}) differ from the config's ({string.Join(", ", taskNames)})");
    }

    private static void RestoreTrainingState(SavedCheckpoint resume, IMultitaskAgent agent, IReadOnlyList<IEnv> envs)
    {
        if (agent is not ICheckpointableAgent checkpointable)
            throw new ConfigException($"checkpoint {resume.Folder}: algorithm '{agent.Algorithm}' cannot be resumed from checkpoints");
        bool envStates = resume.Manifest.EnvStates && envs.All(IStatefulEnv.Supports);
        try
        {
            AgentStateFiles.Load(checkpointable, resume.Folder, envStates);
            if (envStates)
            {
                CheckpointStore.Read(resume.PathOf(RunDirectory.CheckpointEnvStatesFileName), reader =>
                {
                    for (int i = 0; i < envs.Count; i++)
                    {
                        reader.ExpectTag("task");
                        int index = reader.ReadInt32();
                        if (index != i) throw new InvalidDataException($"state of env {index} found where env {i} was expected");
                        IStatefulEnv.Require(envs[i]).LoadState(reader);
                    }
                });
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or KeyNotFoundException or ArgumentException)
        {
            throw new ConfigException($"checkpoint {resume.Folder}: cannot restore the training state ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        if (checkpointable.EnvSteps != resume.Manifest.EnvSteps || !checkpointable.EpisodesDonePerTask.SequenceEqual(resume.Manifest.EpisodesDone))
            throw new ConfigException($"checkpoint {resume.Folder}: the agent state does not match the manifest's counters");
    }

    // metrics.csv and the event files go back to what the checkpoint covered: rows written after it are redone.
    private static void RestoreRecordings(SavedCheckpoint resume, RunDirectory run)
    {
        File.Copy(resume.PathOf(RunDirectory.CheckpointMetricsFileName), run.MetricsPath, overwrite: true);
        if (resume.Manifest.TensorBoardFile is not string name) return;
        // Event files started after the checkpoint's (by an earlier resume that crashed) hold only redone records.
        long since = RunDirectory.TensorBoardFileSeconds(name);
        foreach (string file in run.TensorBoardFiles())
            if (RunDirectory.TensorBoardFileSeconds(Path.GetFileName(file)) > since) File.Delete(file);
        string path = Path.Combine(run.Path, name);
        if (!File.Exists(path)) return;
        using var events = new FileStream(path, FileMode.Open, FileAccess.Write);
        if (events.Length > resume.Manifest.TensorBoardBytes) events.SetLength(resume.Manifest.TensorBoardBytes);
    }

    private static SavedCheckpoint SaveCheckpoint(RunDirectory run, string reason, RunConfig config, IReadOnlyList<string> taskNames,
        ICheckpointableAgent agent, IReadOnlyList<IEnv> envs, MetricsRecorder recorder)
    {
        recorder.Flush();
        bool envStates = envs.All(IStatefulEnv.Supports);
        string? events = recorder.TensorBoardPath;
        return CheckpointStore.Save(run.Path, folder =>
        {
            var facts = AgentStateFiles.Save(agent, folder);
            if (envStates)
            {
                CheckpointStore.WriteDurably(Path.Combine(folder, RunDirectory.CheckpointEnvStatesFileName), writer =>
                {
                    for (int i = 0; i < envs.Count; i++)
                    {
                        writer.WriteTag("task");
                        writer.Write(i);
                        IStatefulEnv.Require(envs[i]).SaveState(writer);
                    }
                });
            }
            CheckpointStore.WriteDurably(Path.Combine(folder, RunDirectory.CheckpointMetricsFileName), File.ReadAllBytes(run.MetricsPath));
            return new CheckpointManifest
            {
                Reason = reason,
                CreatedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                Algorithm = config.Algorithm,
                Seed = config.Seed,
                Tasks = taskNames,
                EpisodesTarget = config.Episodes,
                EpisodesDone = [.. agent.EpisodesDonePerTask],
                EnvSteps = agent.EnvSteps,
                WallSeconds = recorder.WallSeconds,
                MetricsRows = recorder.Rows,
                TensorBoardFile = events is null ? null : Path.GetFileName(events),
                TensorBoardBytes = events is null ? 0 : new FileInfo(events).Length,
                EnvStates = envStates,
                Agent = facts,
                Config = config.ToYaml(),
            };
        });
    }

    // Temp file + rename: a reader (or a crash) never sees half a config.yaml or summary.json.
    private static void WriteTextAtomically(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    // Plain safetensors of every network, for eval, show and the report (the resumable state is in ckpt-NNNN).
    private static void SaveFinalNetworks(IMultitaskAgent agent, RunDirectory run, RunConfig config, long envSteps)
    {
        Directory.CreateDirectory(run.FinalNetworksFolder);
        var metadata = new Dictionary<string, string>
        {
            ["algorithm"] = config.Algorithm,
            ["seed"] = config.Seed.ToString(CultureInfo.InvariantCulture),
            ["env_steps"] = envSteps.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, network) in agent.Networks)
            network.SaveSafetensors(run.FinalNetworkPath(name), metadata);
    }
}
