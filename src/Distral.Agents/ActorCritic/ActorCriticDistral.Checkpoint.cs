using System.Globalization;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// Checkpoints of <see cref="ActorCriticDistral"/>: networks, RMSProp statistics, generators, counters and the
/// episodes in progress of every env copy (observations, LSTM states and the copies' own env states), taken between
/// updates. Sync mode resumes bit-identically; async (A3C) mode resumes with the same state, but its thread
/// interleaving is not reproducible, so neither is the continuation.
/// Named state: the shared networks (A3C local copies are refreshed before every unroll), one RMSProp state per
/// network (the statistics are shared by all workers of that network), and a binary stream of the rest.
/// </summary>
public sealed partial class ActorCriticDistral : ICheckpointableAgent
{
    private const int StateVersion = 1;

    /// <inheritdoc/>
    public IReadOnlyList<int> EpisodesDonePerTask => _episodesDone;

    /// <inheritdoc/>
    /// <remarks>The shared networks only: A3C local copies are refreshed before every unroll.</remarks>
    public IReadOnlyList<(string Name, Module Network)> StateNetworks => _networks;

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Optimizer Optimizer)> StateOptimizers => [.. SharedOptimizers()];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> DescribeState()
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["env_steps"] = EnvSteps.ToString(CultureInfo.InvariantCulture),
            ["episodes_done"] = string.Join(",", _episodesDone),
            ["updates"] = Updates.ToString(CultureInfo.InvariantCulture),
            ["workers_mode"] = _options.WorkersMode == ActorCriticWorkersMode.Sync ? "sync" : "async",
            ["exact_resume"] = _options.WorkersMode == ActorCriticWorkersMode.Sync ? "true" : "false",
            ["env_copy_states"] = AllEnvCopiesStateful() ? "true" : "false",
            ["rng.eval"] = CheckpointFiles.Describe(_evalRng.GetState()),
        };
        for (int j = 0; j < _learners.Length; j++)
        {
            facts[$"rng.worker{j}.act"] = CheckpointFiles.Describe(_learners[j].Actor.ActRng.GetState());
            facts[$"rng.worker{j}.reset"] = CheckpointFiles.Describe(_learners[j].Actor.ResetRng.GetState());
        }
        return facts;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Episodes in progress continue when <paramref name="envsRestored"/> and every env copy's state was saved;
    /// otherwise every copy restarts from a reset at the next update (and the unfinished episodes are not counted).
    /// </remarks>
    public void ReadState(BinaryReader reader, bool envsRestored)
    {
        ArgumentNullException.ThrowIfNull(reader);
        bool copiesRestored = ReadStateStream(reader);
        if (envsRestored && copiesRestored) return;
        foreach (var learner in _learners)
        {
            learner.Actor.Started = false;
            foreach (var state in learner.Actor.ActingStates) state?.Reset();
        }
    }

    private bool AllEnvCopiesStateful() => _learners.All(l => l.Actor.Copies.All(c => IStatefulEnv.Supports(c.Env)));

    // The network name of every column, in _allColumns order.
    private string ColumnName(int column)
    {
        foreach (var (name, network) in _networks)
            if (ReferenceEquals(network, _allColumns[column])) return name;
        throw new InvalidOperationException($"Column {column} is not among the agent's networks.");
    }

    // The column an optimizer updates (every optimizer updates one shared column, whichever worker owns it).
    private int ColumnOf(Optimizer optimizer)
    {
        for (int c = 0; c < _allColumns.Length; c++)
            if (ReferenceEquals(_allColumns[c].Parameters()[0], optimizer.Parameters[0])) return c;
        throw new InvalidOperationException("An optimizer updates no column of the agent.");
    }

    /// <summary>
    /// One optimizer per network: the first that updates it. In async mode the workers of a network share its
    /// RMSProp statistics, so one copy is the whole state; the step counts of the others go to agent-state.bin.
    /// </summary>
    private IEnumerable<(string, Optimizer)> SharedOptimizers()
    {
        var seen = new bool[_allColumns.Length];
        foreach (var learner in _learners)
        {
            foreach (var optimizer in learner.Optimizers)
            {
                int c = ColumnOf(optimizer);
                if (seen[c]) continue;
                seen[c] = true;
                yield return (ColumnName(c), optimizer);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Every env copy's state is written here, copy 0 included (the runner saves copy 0 as well: the same bytes), so
    /// the copies made inside the agent continue mid-episode too.
    /// </remarks>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteTag("actor-critic");
        w.Write(StateVersion);
        w.Write(_tasks);
        w.Write(_options.WorkersPerTask);
        w.Write(_obsSize);
        w.Write(_actionCount);
        w.Write(_allColumns.Length);
        w.Write(_learners.Length);
        w.Write(Updates);
        w.Write(_updatesSinceReport);
        w.WriteValues<int>(_episodesDone);
        w.Write(_evalRng.GetState());
        WriteLstmStates(w, _evalStates);
        foreach (var learner in _learners)
        {
            var actor = learner.Actor;
            w.WriteTag("worker");
            w.Write(actor.EnvSteps);
            w.Write(learner.PolicyLossSum);
            w.Write(learner.ValueLossSum);
            w.Write(learner.DistillLossSum);
            w.Write(learner.EntropySum);
            w.Write(learner.DiagnosticCount);
            w.Write(actor.ActRng.GetState());
            w.Write(actor.ResetRng.GetState());
            w.Write(actor.Started);
            w.WriteFloats(actor.CurrentObservations);
            w.WriteValues<bool>(actor.CurrentStarts);
            w.WriteValues<int>([.. actor.Copies.Select(c => c.Episode.Steps)]);
            w.WriteValues<double>([.. actor.Copies.Select(c => c.Episode.Return)]);
            WriteLstmStates(w, actor.ActingStates);
            w.WriteValues<long>([.. learner.Optimizers.Select(o => o.StepCount)]);
        }
        // The env copies last: the runner's own env file covers copy 0 only.
        w.WriteTag("env-copies");
        bool stateful = AllEnvCopiesStateful();
        w.Write(stateful);
        if (!stateful) return;
        foreach (var learner in _learners)
        {
            foreach (var copy in learner.Actor.Copies)
            {
                w.WriteTag("env");
                IStatefulEnv.Require(copy.Env).SaveState(w);
            }
        }
    }

    // Returns whether the env copies' states were in the file (and are now restored).
    private bool ReadStateStream(BinaryReader r)
    {
        r.ExpectTag("actor-critic");
        int version = r.ReadInt32();
        if (version != StateVersion) throw new InvalidDataException($"actor-critic state version {version}, this build reads {StateVersion}");
        int tasks = r.ReadInt32(), copies = r.ReadInt32(), obsSize = r.ReadInt32(), actions = r.ReadInt32();
        int columns = r.ReadInt32(), workers = r.ReadInt32();
        if (tasks != _tasks || copies != _options.WorkersPerTask || obsSize != _obsSize || actions != _actionCount
            || columns != _allColumns.Length || workers != _learners.Length)
            throw new InvalidDataException(
                $"the state is for {tasks} tasks x {copies} env copies, observation size {obsSize}, {actions} actions, {columns} networks, {workers} workers; " +
                $"this agent has {_tasks} x {_options.WorkersPerTask}, {_obsSize}, {_actionCount}, {_allColumns.Length}, {_learners.Length}");
        Updates = r.ReadInt64();
        _updatesSinceReport = r.ReadInt32InRange("updates since the last diagnostics", 0, int.MaxValue);
        if (Updates < 0) throw new InvalidDataException($"update count {Updates} is negative");
        r.ReadValues<int>(_episodesDone, "episodes done");
        if (_episodesDone.Any(e => e < 0)) throw new InvalidDataException("an episode count is negative");
        _evalRng.SetState(r.ReadRngState());
        ReadLstmStates(r, _evalStates, "evaluation");
        for (int j = 0; j < _learners.Length; j++)
        {
            var learner = _learners[j];
            var actor = learner.Actor;
            r.ExpectTag("worker");
            actor.EnvSteps = r.ReadInt64();
            if (actor.EnvSteps < 0) throw new InvalidDataException($"worker {j} has a negative env step count");
            learner.PolicyLossSum = r.ReadDouble();
            learner.ValueLossSum = r.ReadDouble();
            learner.DistillLossSum = r.ReadDouble();
            learner.EntropySum = r.ReadDouble();
            learner.DiagnosticCount = r.ReadInt32InRange($"worker {j} diagnostic count", 0, int.MaxValue);
            actor.ActRng.SetState(r.ReadRngState());
            actor.ResetRng.SetState(r.ReadRngState());
            actor.Started = r.ReadBoolean();
            r.ReadFloats(actor.CurrentObservations, $"worker {j} observations");
            r.ReadValues<bool>(actor.CurrentStarts, $"worker {j} episode starts");
            var episodeSteps = new int[actor.Copies.Length];
            var episodeReturns = new double[actor.Copies.Length];
            r.ReadValues<int>(episodeSteps, $"worker {j} episode steps");
            r.ReadValues<double>(episodeReturns, $"worker {j} episode returns");
            for (int c = 0; c < actor.Copies.Length; c++) (actor.Copies[c].Episode.Steps, actor.Copies[c].Episode.Return) = (episodeSteps[c], episodeReturns[c]);
            ReadLstmStates(r, actor.ActingStates, $"worker {j} acting");
            var steps = new long[learner.Optimizers.Length];
            r.ReadValues<long>(steps, $"worker {j} optimizer steps");
            for (int k = 0; k < steps.Length; k++)
            {
                if (steps[k] < 0) throw new InvalidDataException($"worker {j} optimizer {k} has a negative step count");
                // The statistics are already restored (shared); this sets the learner's own step counter.
                var optimizer = learner.Optimizers[k];
                optimizer.ImportState(optimizer.ExportState() with { Step = steps[k] });
            }
        }
        r.ExpectTag("env-copies");
        if (!r.ReadBoolean()) return false;
        foreach (var learner in _learners)
        {
            foreach (var copy in learner.Actor.Copies)
            {
                r.ExpectTag("env");
                if (!IStatefulEnv.Supports(copy.Env))
                    throw new InvalidDataException($"the state has env copy states, but {copy.Env.GetType().Name} cannot restore one");
                IStatefulEnv.Require(copy.Env).LoadState(r);
            }
        }
        return true;
    }

    private static void WriteLstmStates(BinaryWriter w, LstmState?[] states)
    {
        foreach (var state in states)
        {
            w.Write(state is not null);
            if (state is null) continue;
            w.WriteFloats(state.Hidden);
            w.WriteFloats(state.Cell);
        }
    }

    private static void ReadLstmStates(BinaryReader r, LstmState?[] states, string what)
    {
        for (int c = 0; c < states.Length; c++)
        {
            bool present = r.ReadBoolean();
            var state = states[c];
            if (present != state is not null)
                throw new InvalidDataException($"{what} recurrent state of network {c}: {(present ? "present in the state, but the network is feed-forward" : "missing")}");
            if (state is null) continue;
            r.ReadFloats(state.Hidden, $"{what} LSTM hidden state of network {c}");
            r.ReadFloats(state.Cell, $"{what} LSTM cell state of network {c}");
        }
    }
}
