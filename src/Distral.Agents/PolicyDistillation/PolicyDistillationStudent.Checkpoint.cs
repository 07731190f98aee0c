using System.Globalization;
using Distral.Envs;
using Distral.Nn;

namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// Checkpoints of <see cref="PolicyDistillationStudent"/>: the student's networks (trunk, heads, feature maps), its Adam
/// state and a stream of the generators, counters, episodes in progress, replays and <see cref="ReachedTeachers"/>, so a
/// resumed run continues bit-identically (version 1 states, written before the teacher check, have no record of it).
/// The teachers are not saved: they are the finished runs named in the config.
/// </summary>
public sealed partial class PolicyDistillationStudent : ICheckpointableAgent
{
    private const int StateVersion = 2;
    private int[]? _episodesDone;

    /// <inheritdoc/>
    public IReadOnlyList<int> EpisodesDonePerTask
    {
        get
        {
            _episodesDone ??= new int[_tasks.Length];
            for (int i = 0; i < _tasks.Length; i++) _episodesDone[i] = _tasks[i].Episode.Done;
            return _episodesDone;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Module Network)> StateNetworks => _networks;

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Optimizer Optimizer)> StateOptimizers => [("student", _optimizer)];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> DescribeState()
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["env_steps"] = EnvSteps.ToString(CultureInfo.InvariantCulture),
            ["updates"] = Updates.ToString(CultureInfo.InvariantCulture),
            ["episodes_done"] = string.Join(",", _tasks.Select(t => t.Episode.Done)),
            ["replay_counts"] = string.Join(",", _tasks.Select(t => t.Replay.Count)),
            ["reached_teachers"] = ReachedTeachers is TeachersReached r
                ? string.Create(CultureInfo.InvariantCulture, $"updates {r.Updates}, env steps {r.EnvSteps}") : "no",
            ["rng.sample"] = CheckpointFiles.Describe(_sampleRng.GetState()),
            ["rng.eval"] = CheckpointFiles.Describe(_evalRng.GetState()),
        };
        foreach (var task in _tasks)
        {
            facts[$"rng.task{task.Index}.act"] = CheckpointFiles.Describe(task.ActRng.GetState());
            facts[$"rng.task{task.Index}.reset"] = CheckpointFiles.Describe(task.ResetRng.GetState());
        }
        return facts;
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteTag("policy-distillation");
        writer.Write(StateVersion);
        writer.Write(_tasks.Length);
        writer.Write(_obsSize);
        writer.Write(_actionCount);
        writer.Write(EnvSteps);
        writer.Write(Updates);
        writer.Write(_sampleRng.GetState());
        writer.Write(_evalRng.GetState());
        writer.Write(ReachedTeachers is not null);
        writer.Write(ReachedTeachers?.Updates ?? 0);
        writer.Write(ReachedTeachers?.EnvSteps ?? 0);
        foreach (var task in _tasks) task.Save(writer);
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader, bool envsRestored)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ExpectTag("policy-distillation");
        int version = reader.ReadInt32();
        if (version is not (1 or StateVersion)) throw new InvalidDataException($"policy-distillation state version {version}, this build reads 1 to {StateVersion}");
        int tasks = reader.ReadInt32(), obsSize = reader.ReadInt32(), actions = reader.ReadInt32();
        if (tasks != _tasks.Length || obsSize != _obsSize || actions != _actionCount)
            throw new InvalidDataException($"the state is for {tasks} tasks, observation size {obsSize}, {actions} actions; this student has {_tasks.Length}, {_obsSize}, {_actionCount}");
        EnvSteps = reader.ReadInt64();
        Updates = reader.ReadInt64();
        if (EnvSteps < 0 || Updates < 0) throw new InvalidDataException("negative counters");
        _sampleRng.SetState(reader.ReadRngState());
        _evalRng.SetState(reader.ReadRngState());
        ReachedTeachers = null;
        if (version >= 2)
        {
            bool reached = reader.ReadBoolean();
            long updates = reader.ReadInt64(), envSteps = reader.ReadInt64();
            if (updates < 0 || envSteps < 0 || updates > Updates || envSteps > EnvSteps) throw new InvalidDataException("reached_teachers outside the counters");
            if (reached) ReachedTeachers = new TeachersReached(updates, envSteps);
        }
        foreach (var task in _tasks) task.Load(reader);
        // Without their envs, episodes in progress cannot continue: they restart (and are not counted).
        if (!envsRestored) foreach (var task in _tasks) task.Episode.Active = false;
    }
}
