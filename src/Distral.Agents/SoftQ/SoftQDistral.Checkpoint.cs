using System.Globalization;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>
/// Checkpoints of <see cref="SoftQDistral"/>: everything training reads is saved, so a run resumed from a
/// checkpoint continues bit-identically (single- or multi-threaded, as the schedule itself is deterministic).
/// Files: <c>networks.safetensors</c> (distilled, task0.., target-task0..; parameters named
/// "&lt;network&gt;/&lt;state-dict name&gt;"), <c>optimizers.safetensors</c> (Adam moments and step counts) and
/// <c>agent-state.bin</c> (generators, counters, in-progress episodes, replay buffers).
/// </summary>
public sealed partial class SoftQDistral : ICheckpointableAgent
{
    private const string NetworksFile = "networks.safetensors";
    private const string StateFile = "agent-state.bin";
    private const string OptimizersFile = "optimizers.safetensors";
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
    public IReadOnlyDictionary<string, string> SaveTrainingState(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        CheckpointFiles.SaveNetworks(Path.Combine(folder, NetworksFile), AllNetworks());
        CheckpointFiles.SaveOptimizers(Path.Combine(folder, OptimizersFile), Optimizers());
        CheckpointFiles.WriteBinary(Path.Combine(folder, StateFile), WriteState);

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
    public void LoadTrainingState(string folder, bool envsRestored)
    {
        ArgumentNullException.ThrowIfNull(folder);
        StopWorkers();
        CheckpointFiles.LoadNetworks(Path.Combine(folder, NetworksFile), AllNetworks());
        CheckpointFiles.LoadOptimizers(Path.Combine(folder, OptimizersFile), Optimizers());
        CheckpointFiles.ReadBinary(Path.Combine(folder, StateFile), ReadState);
        // Without their envs, episodes in progress cannot continue: they restart (and are not counted).
        if (!envsRestored) foreach (var task in _tasks) task.Episode.Active = false;
    }

    private IEnumerable<(string, Module)> AllNetworks()
    {
        foreach (var entry in _networks) yield return entry;
        foreach (var task in _tasks)
            if (task.Target is not null) yield return ($"target-task{task.Index}", task.Target);
    }

    private IEnumerable<(string, Optimizer)> Optimizers()
    {
        if (_learner.DistilledOptimizer is not null) yield return ("distilled", _learner.DistilledOptimizer);
        foreach (var task in _tasks) yield return ($"task{task.Index}", task.Optimizer);
    }

    private void WriteState(BinaryWriter w)
    {
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

    private void ReadState(BinaryReader r)
    {
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
    }
}
