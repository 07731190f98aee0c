using System.Globalization;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>
/// Checkpoints of <see cref="SoftQDistral"/>: everything training reads is saved, so a run resumed from a
/// checkpoint continues bit-identically (single- or multi-threaded, as the schedule itself is deterministic).
/// Named state: the networks distilled, task0.., target-task0..; the Adam optimizers distilled, task0..; and a
/// binary stream of the generators, counters, in-progress episodes and replay buffers.
/// </summary>
public sealed partial class SoftQDistral : ICheckpointableAgent
{
    private const int StateVersion = 1;

    /// <inheritdoc/>
    public IReadOnlyList<int> EpisodesDonePerTask => _episodesDoneView ??= new EpisodesDoneView(_tasks);

    private EpisodesDoneView? _episodesDoneView;

    /// <summary>A live read-only view of the tasks' finished-episode counts (no copy per call).</summary>
    private sealed class EpisodesDoneView(SoftQTask[] tasks) : IReadOnlyList<int>
    {
        public int this[int index] => tasks[index].Episode.Done;
        public int Count => tasks.Length;
        public IEnumerator<int> GetEnumerator() => tasks.Select(t => t.Episode.Done).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Module Network)> StateNetworks =>
        [.. _networks, .. _tasks.Where(t => t.Target is not null).Select(t => ($"target-task{t.Index}", (Module)t.Target!))];

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Optimizer Optimizer)> StateOptimizers =>
        [.. _learner.DistilledOptimizer is { } h ? [("distilled", (Optimizer)h)] : Array.Empty<(string, Optimizer)>(),
         .. _tasks.Select(t => ($"task{t.Index}", (Optimizer)t.Optimizer))];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> DescribeState()
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["env_steps"] = EnvSteps.ToString(CultureInfo.InvariantCulture),
            ["episodes_done"] = string.Join(",", _tasks.Select(t => t.Episode.Done)),
            ["updates"] = string.Join(",", _tasks.Select(t => t.Updates)),
            ["replay_counts"] = string.Join(",", _tasks.Select(t => t.Replay.Count)),
            ["rng.distill_sample"] = CheckpointFiles.Describe(_sampleRng.GetState()),
            ["rng.eval"] = CheckpointFiles.Describe(_evalRng.GetState()),
        };
        foreach (var task in _tasks)
        {
            facts[$"rng.task{task.Index}.act"] = CheckpointFiles.Describe(task.ActRng.GetState());
            facts[$"rng.task{task.Index}.sample"] = CheckpointFiles.Describe(task.SampleRng.GetState());
            facts[$"rng.task{task.Index}.reset"] = CheckpointFiles.Describe(task.ResetRng.GetState());
        }
        return facts;
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteTag("softq");
        w.Write(StateVersion);
        w.Write(_tasks.Length);
        w.Write(_obsSize);
        w.Write(_actionCount);
        w.Write(EnvSteps);
        w.Write(_distillLossSum);
        w.Write(_distillLossCount);
        w.Write(_sampleRng.GetState());
        w.Write(_evalRng.GetState());
        foreach (var task in _tasks) task.Save(w);
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader, bool envsRestored)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StopWorkers();
        var r = reader;
        r.ExpectTag("softq");
        int version = r.ReadInt32();
        if (version != StateVersion) throw new InvalidDataException($"soft-Q state version {version}, this build reads {StateVersion}");
        int tasks = r.ReadInt32(), obsSize = r.ReadInt32(), actions = r.ReadInt32();
        if (tasks != _tasks.Length || obsSize != _obsSize || actions != _actionCount)
            throw new InvalidDataException($"the state is for {tasks} tasks, observation size {obsSize}, {actions} actions; this agent has {_tasks.Length}, {_obsSize}, {_actionCount}");
        EnvSteps = r.ReadInt64();
        _distillLossSum = r.ReadDouble();
        _distillLossCount = r.ReadInt32();
        _sampleRng.SetState(r.ReadRngState());
        _evalRng.SetState(r.ReadRngState());
        foreach (var task in _tasks) task.Load(r);
        // Without their envs, episodes in progress cannot continue: they restart (and are not counted).
        if (!envsRestored) foreach (var task in _tasks) task.Episode.Active = false;
    }
}
