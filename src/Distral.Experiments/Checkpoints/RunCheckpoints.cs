using System.Globalization;
using Distral.Agents;
using Distral.Envs;
using Distral.Nn;

namespace Distral.Experiments;

/// <summary>
/// The checkpoint side of <see cref="ExperimentRunner"/>: checks that a checkpoint belongs to the configured run,
/// restores the agent's named state and the envs from it, rolls metrics.csv and the event files back to it, writes
/// a new one (agent state, env states, metrics copy, manifest) and the final networks.
/// </summary>
internal static class RunCheckpoints
{
    public static void CheckSameRun(SavedCheckpoint resume, RunConfig config, IReadOnlyList<string> taskNames)
    {
        var m = resume.Manifest;
        string where = $"checkpoint {resume.Folder}";
        if (m.Algorithm != config.Algorithm) throw new ConfigException($"{where}: it is a '{m.Algorithm}' run, the config says '{config.Algorithm}'");
        if (m.Seed != config.Seed) throw new ConfigException($"{where}: it is a run with seed {m.Seed}, the config says {config.Seed}");
        if (!m.Tasks.SequenceEqual(taskNames, StringComparer.Ordinal) || m.EpisodesDone.Count != taskNames.Count)
            throw new ConfigException($"{where}: its tasks ({string.Join(", ", m.Tasks)}) differ from the config's ({string.Join(", ", taskNames)})");
    }

    public static void RestoreTrainingState(SavedCheckpoint resume, IMultitaskAgent agent, IReadOnlyList<IEnv> envs)
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
    public static void RestoreRecordings(SavedCheckpoint resume, RunDirectory run)
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

    public static SavedCheckpoint Save(RunDirectory run, string reason, RunConfig config, IReadOnlyList<string> taskNames,
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

    // Plain safetensors of every network, for eval, show and the report (the resumable state is in ckpt-NNNN).
    public static void SaveFinalNetworks(IMultitaskAgent agent, RunDirectory run, RunConfig config, long envSteps)
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
