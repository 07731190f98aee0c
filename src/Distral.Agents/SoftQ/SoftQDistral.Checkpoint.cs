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
    public IReadOnlyList<int> EpisodesDonePerTask => _episodesDone;

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
            ["episodes_done"] = string.Join(",", _episodesDone),
            ["updates"] = string.Join(",", _updates),
            ["replay_counts"] = string.Join(",", _replay.Select(r => r.Count)),
            ["rng.distill_sample"] = CheckpointFiles.Describe(_sampleRng.GetState()),
            ["rng.eval"] = CheckpointFiles.Describe(_evalRng.GetState()),
        };
        for (int i = 0; i < _envs.Length; i++)
        {
            facts[$"rng.task{i}.act"] = CheckpointFiles.Describe(_taskActRng[i].GetState());
            facts[$"rng.task{i}.sample"] = CheckpointFiles.Describe(_taskSampleRng[i].GetState());
            facts[$"rng.task{i}.reset"] = CheckpointFiles.Describe(_taskResetRng[i].GetState());
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
        if (!envsRestored) Array.Clear(_episodeActive);
    }

    private IEnumerable<(string, Module)> AllNetworks()
    {
        foreach (var entry in _networks) yield return entry;
        if (_taskTarget is null) yield break;
        for (int i = 0; i < _taskTarget.Length; i++) yield return ($"target-task{i}", _taskTarget[i]);
    }

    private IEnumerable<(string, Optimizer)> Optimizers()
    {
        if (_distilledOptimizer is not null) yield return ("distilled", _distilledOptimizer);
        for (int i = 0; i < _taskOptimizer.Length; i++) yield return ($"task{i}", _taskOptimizer[i]);
    }

    private void WriteState(BinaryWriter w)
    {
        w.WriteTag("softq");
        w.Write(StateVersion);
        w.Write(_envs.Length);
        w.Write(_obsSize);
        w.Write(_actionCount);
        w.Write(EnvSteps);
        w.Write(_distillLossSum);
        w.Write(_distillLossCount);
        w.Write(_sampleRng.GetState());
        w.Write(_evalRng.GetState());
        for (int i = 0; i < _envs.Length; i++)
        {
            w.WriteTag("task");
            w.Write(_taskActRng[i].GetState());
            w.Write(_taskSampleRng[i].GetState());
            w.Write(_taskResetRng[i].GetState());
            w.WriteFloats(_obs[i]);
            w.Write(_episodeActive[i]);
            w.Write(_episodeStep[i]);
            w.Write(_episodeReturn[i]);
            w.Write(_episodesDone[i]);
            w.Write(_updates[i]);
            w.Write(_lossSum[i]);
            w.Write(_lossCount[i]);
            _replay[i].SaveState(w);
        }
    }

    private void ReadState(BinaryReader r)
    {
        r.ExpectTag("softq");
        int version = r.ReadInt32();
        if (version != StateVersion) throw new InvalidDataException($"soft-Q state version {version}, this build reads {StateVersion}");
        int tasks = r.ReadInt32(), obsSize = r.ReadInt32(), actions = r.ReadInt32();
        if (tasks != _envs.Length || obsSize != _obsSize || actions != _actionCount)
            throw new InvalidDataException($"the state is for {tasks} tasks, observation size {obsSize}, {actions} actions; this agent has {_envs.Length}, {_obsSize}, {_actionCount}");
        EnvSteps = r.ReadInt64();
        _distillLossSum = r.ReadDouble();
        _distillLossCount = r.ReadInt32();
        _sampleRng.SetState(r.ReadRngState());
        _evalRng.SetState(r.ReadRngState());
        for (int i = 0; i < _envs.Length; i++)
        {
            r.ExpectTag("task");
            _taskActRng[i].SetState(r.ReadRngState());
            _taskSampleRng[i].SetState(r.ReadRngState());
            _taskResetRng[i].SetState(r.ReadRngState());
            r.ReadFloats(_obs[i], $"task {i} observation");
            _episodeActive[i] = r.ReadBoolean();
            _episodeStep[i] = r.ReadInt32();
            _episodeReturn[i] = r.ReadDouble();
            _episodesDone[i] = r.ReadInt32();
            _updates[i] = r.ReadInt64();
            _lossSum[i] = r.ReadDouble();
            _lossCount[i] = r.ReadInt32();
            _episodeEnded[i] = false; // only ever true inside a round
            if (_episodeStep[i] < 0 || _episodesDone[i] < 0 || _updates[i] < 0 || _lossCount[i] < 0)
                throw new InvalidDataException($"task {i} has negative counters");
            _replay[i].LoadState(r);
        }
    }
}
