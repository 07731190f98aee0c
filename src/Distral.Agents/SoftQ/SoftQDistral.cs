using Distral.Agents.Distillation;
using Distral.Agents.Replay;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>
/// Deep soft Q-learning for Distral (thesis Algorithm 1, paper section 2.3 with networks), one objective whose
/// variants are chosen by <see cref="SoftQOptions"/>: Distral 2col, 1col, 1col-beta, or soft Q per task alone.
/// <para>Networks: a distilled column h (pi_0 = softmax h) and one column f_i per task, each obs-64-128-64-A.</para>
/// <para>Soft-Q step of task i: V_i(s) = (1/beta) logsumexp_a(alpha log pi_0(a|s) + beta f_i(s,a)),
/// y = R_n + sum_{d=1}^{n-1} gamma^d (V_i(s_d) - f_i(s_d,a_d)) + gamma^n V_i(s_n) (no bootstrap at a terminal),
/// loss mean (f_i(s,a) - y)^2 on theta_i.</para>
/// <para>Distillation step (after each round over the tasks): -(alpha/beta) sum_i mean gamma^t log pi_0(a|s) on theta_0.
/// Its rows are split in two halves whose gradients are computed separately (in parallel when Threads &gt; 1) and
/// added in a fixed order, so the result does not depend on the thread count.</para>
/// <para>Deterministic: the same seed gives the same results, bit for bit, whatever <see cref="SoftQOptions.Threads"/>.
/// With Threads &gt; 1 the task phases of a round (task i's env step and soft-Q updates, which write only task i's
/// state and read h) run on several threads, each task with its own random streams; the distillation step
/// (which writes h) follows the barrier, and observer callbacks come afterwards on the calling thread, in task order.</para>
/// </summary>
public sealed partial class SoftQDistral : IMultitaskAgent
{
    private readonly SoftQOptions _options;
    private readonly IEnv[] _envs;
    private readonly int _obsSize;
    private readonly int _actionCount;

    // Networks, their optimizers and (optionally) target copies of the task columns.
    private readonly Sequential? _distilled;
    private readonly Adam? _distilledOptimizer;
    private readonly IReadOnlyList<Tensor> _distilledParameters = [];
    private readonly Sequential[] _task;
    private readonly Sequential[]? _taskTarget;
    private readonly Adam[] _taskOptimizer;
    private readonly IReadOnlyList<Tensor>[] _taskParameters;
    private readonly (string, Module)[] _networks;

    // A copy of h (weights refreshed before each distillation step) that takes the gradient of the second half of
    // the distillation rows, so the two halves can run on two threads without sharing gradient buffers.
    // Scratch, not learning state: a checkpoint need not save it.
    private readonly Sequential? _distilledShard;
    private readonly IReadOnlyList<Tensor> _distilledShardParameters = [];
    private readonly float[] _shardLoss = new float[DistillShards];
    private int _distillRows;
    private const int DistillShards = 2;

    private readonly ReplayBuffer[] _replay;

    // Independent streams so that evaluation (Act) never perturbs training, and one stream per task for acting,
    // replay sampling and env resets so that a task's phase gives the same bits on any thread.
    private readonly Rng[] _taskActRng;
    private readonly Rng[] _taskSampleRng;
    private readonly Rng[] _taskResetRng;
    private readonly Rng _sampleRng; // distillation sampling (calling thread, after the barrier)
    private readonly Rng _evalRng;
    // Learning state a checkpoint must hold, besides networks, optimizers and replays: the five kinds of streams
    // above (per task: act, sample, reset; shared: sample, eval), the per-task episode state below, EnvSteps.

    // Scratch per thread: [0] serves the calling thread (distillation, evaluation, single-threaded rounds).
    private readonly SoftQWorkspace[] _workspaces;
    private readonly Action<int, int> _runTaskPhase;
    private readonly Action<int, int> _runDistillShard;
    private TaskPhaseWorkers? _workers;

    // Per-task episode state, kept between Train calls.
    private readonly float[][] _obs;
    private readonly bool[] _episodeActive;
    private readonly int[] _episodeStep;
    private readonly double[] _episodeReturn;
    private readonly int[] _episodesDone;
    private readonly long[] _updates;
    private readonly double[] _lossSum;
    private readonly int[] _lossCount;
    private readonly bool[] _episodeEnded; // set in the task phase, reported and cleared after the barrier
    private double _distillLossSum;
    private int _distillLossCount;

    // Preallocated distillation scratch.
    private readonly float[] _distObs;
    private readonly int[] _distActions;
    private readonly float[] _distWeights;
    private readonly float[] _distTaskProbs;
    private readonly int[] _distStart;
    private readonly int[] _distCount;
    private readonly float[] _gammaPowers; // gamma^t for t < GammaPowerCount: the same bits as MathF.Pow, without its cost per row
    private const int GammaPowerCount = 4096;

    private const string SoftQLossName = "softq";
    private const string EpsilonName = "epsilon";
    private const string DistillLossName = "distill";

    /// <summary>
    /// Builds the networks and replay buffers for <paramref name="envs"/> (discrete actions, same observation
    /// size and action count; wrap them in a TimeLimit yourself). <paramref name="seed"/> fixes everything.
    /// </summary>
    public SoftQDistral(IReadOnlyList<IEnv> envs, SoftQOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (envs.Count == 0) throw new ArgumentException("SoftQDistral needs at least one environment.", nameof(envs));
        _options = options;
        _envs = [.. envs];
        _obsSize = _envs[0].ObservationSpace.Size;
        _actionCount = _envs[0].ActionSpace is Discrete d0
            ? d0.N
            : throw new ArgumentException($"SoftQDistral needs discrete actions; env 0 has {_envs[0].ActionSpace}.", nameof(envs));
        for (int i = 1; i < _envs.Length; i++)
        {
            if (_envs[i].ObservationSpace.Size != _obsSize)
                throw new ArgumentException($"Env {i} has observation size {_envs[i].ObservationSpace.Size}, env 0 has {_obsSize}.", nameof(envs));
            if (_envs[i].ActionSpace is not Discrete d || d.N != _actionCount)
                throw new ArgumentException($"Env {i} has action space {_envs[i].ActionSpace}, env 0 has Discrete({_actionCount}).", nameof(envs));
        }

        int n = _envs.Length;
        var root = new Rng(seed);
        var initRng = root.Fork(1);
        var actRoot = root.Fork(2);
        _sampleRng = root.Fork(3);
        var resetRoot = root.Fork(4);
        _evalRng = root.Fork(5);
        var taskSampleRoot = root.Fork(6);
        _taskActRng = new Rng[n];
        _taskSampleRng = new Rng[n];
        _taskResetRng = new Rng[n];
        for (int i = 0; i < n; i++)
        {
            _taskActRng[i] = actRoot.Fork((ulong)i);
            _taskSampleRng[i] = taskSampleRoot.Fork((ulong)i);
            _taskResetRng[i] = resetRoot.Fork((ulong)i);
        }

        int[] sizes = [_obsSize, .. options.HiddenSizes, _actionCount];
        var networks = new List<(string, Module)>();
        if (options.Distilled)
        {
            _distilled = Mlp.Create(sizes, Activation.LeakyRelu, initRng);
            _distilledParameters = _distilled.Parameters();
            _distilledOptimizer = new Adam(_distilledParameters, options.DistilledLearningRate);
            networks.Add(("distilled", _distilled));
        }
        _task = new Sequential[n];
        _taskOptimizer = new Adam[n];
        _taskParameters = new IReadOnlyList<Tensor>[n];
        if (options.TargetNetwork != TargetNetworkMode.None) _taskTarget = new Sequential[n];
        for (int i = 0; i < n; i++)
        {
            _task[i] = Mlp.Create(sizes, Activation.LeakyRelu, initRng);
            _taskParameters[i] = _task[i].Parameters();
            _taskOptimizer[i] = new Adam(_taskParameters[i], options.TaskLearningRate);
            networks.Add(($"task{i}", _task[i]));
            if (_taskTarget is not null)
            {
                _taskTarget[i] = Mlp.Create(sizes, Activation.LeakyRelu, initRng);
                _taskTarget[i].CopyParametersFrom(_task[i]);
            }
        }
        _networks = [.. networks];
        if (_distilled is not null)
        {
            _distilledShard = Mlp.Create(sizes, Activation.LeakyRelu, root.Fork(7)); // weights are overwritten from h
            _distilledShardParameters = _distilledShard.Parameters();
        }

        _replay = new ReplayBuffer[n];
        for (int i = 0; i < n; i++) _replay[i] = new ReplayBuffer(options.ReplayCapacity, _obsSize);

        _obs = new float[n][];
        for (int i = 0; i < n; i++) _obs[i] = new float[_obsSize];
        _episodeActive = new bool[n];
        _episodeStep = new int[n];
        _episodeReturn = new double[n];
        _episodesDone = new int[n];
        _updates = new long[n];
        _lossSum = new double[n];
        _lossCount = new int[n];
        _episodeEnded = new bool[n];

        int batch = options.BatchSize;
        _workspaces = new SoftQWorkspace[Math.Min(options.Threads, n)];
        for (int w = 0; w < _workspaces.Length; w++) _workspaces[w] = new SoftQWorkspace(batch, _obsSize, _actionCount, options.NSteps);
        _runTaskPhase = (task, worker) => EnvStepAndLearn(task, _workspaces[worker]);
        _runDistillShard = DistillShard;
        _distObs = new float[n * batch * _obsSize];
        _distActions = new int[n * batch];
        _distWeights = new float[n * batch];
        _distTaskProbs = new float[n * batch * _actionCount];
        _distStart = new int[n];
        _distCount = new int[n];
        _gammaPowers = new float[GammaPowerCount];
        for (int t = 0; t < GammaPowerCount; t++) _gammaPowers[t] = MathF.Pow(options.Gamma, t);
    }

    /// <summary>The options this agent was built with.</summary>
    public SoftQOptions Options => _options;

    /// <inheritdoc/>
    public string Algorithm => _options.Architecture;

    /// <inheritdoc/>
    public int TaskCount => _envs.Length;

    /// <summary>Number of discrete actions.</summary>
    public int ActionCount => _actionCount;

    /// <inheritdoc/>
    public long EnvSteps { get; private set; }

    /// <summary>Finished episodes of task <paramref name="task"/>.</summary>
    public int EpisodesDone(int task) => _episodesDone[task];

    /// <inheritdoc/>
    public bool HasDistilledPolicy => _distilled is not null;

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Module Network)> Networks => _networks;

    /// <summary>Replay buffer of task <paramref name="task"/> (read-only use: tests and diagnostics).</summary>
    internal ReplayBuffer Replay(int task) => _replay[task];

    // ------------------------------------------------------------------ training schedule (thesis Algorithm 1)

    /// <inheritdoc/>
    /// <remarks>Cancellation throws <see cref="OperationCanceledException"/> between rounds; the agent stays consistent.</remarks>
    public void Train(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (episodesPerTask < 0) throw new ArgumentOutOfRangeException(nameof(episodesPerTask), "Episodes per task must be >= 0.");
        try
        {
            while (MinEpisodesDone() < episodesPerTask)
            {
                cancel.ThrowIfCancellationRequested();
                Round(observer);
            }
        }
        finally
        {
            StopWorkers(); // no threads outlive Train
        }
    }

    /// <summary>
    /// Runs exactly <paramref name="rounds"/> rounds regardless of episode counts (benchmarks, tests). Unlike
    /// <see cref="Train"/>, the worker threads (Threads &gt; 1) stay up between calls; <see cref="StopWorkers"/> ends them.
    /// </summary>
    public void RunRounds(int rounds, ITrainingObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        for (int r = 0; r < rounds; r++) Round(observer);
    }

    /// <summary>Bytes allocated so far by the task worker threads other than the caller (0 when single-threaded).</summary>
    internal long WorkerAllocatedBytes => _workers?.HelperAllocatedBytes ?? 0;

    /// <summary>Ends the task worker threads, if any (the next round starts them again).</summary>
    public void StopWorkers()
    {
        _workers?.Dispose();
        _workers = null;
    }

    /// <summary>
    /// One round: an env step and its soft-Q updates for every task (in parallel when Threads &gt; 1), then the
    /// episode reports in task order, then one distillation update.
    /// </summary>
    private void Round(ITrainingObserver observer)
    {
        int n = _envs.Length;
        long roundStart = EnvSteps;
        if (_workspaces.Length == 1)
        {
            for (int i = 0; i < n; i++) EnvStepAndLearn(i, _workspaces[0]);
        }
        else
        {
            _workers ??= new TaskPhaseWorkers(_workspaces.Length);
            _workers.Run(_runTaskPhase, n);
        }
        EnvSteps = roundStart + n;
        for (int i = 0; i < n; i++)
        {
            // Reported as a sequential round would: task i's step is the (i+1)-th of the round.
            if (_episodeEnded[i]) FinishEpisode(i, observer, roundStart + i + 1);
        }
        if (_distilled is not null)
        {
            _distillLossSum += DistillationUpdate();
            _distillLossCount++;
        }
    }

    private int MinEpisodesDone()
    {
        int min = int.MaxValue;
        foreach (int e in _episodesDone) min = Math.Min(min, e);
        return min;
    }

    /// <summary>
    /// The task phase of task i: one environment step (acting with exploration), its replay push, and its soft-Q
    /// updates. Writes only task i's state and reads h, so tasks may run concurrently.
    /// </summary>
    private void EnvStepAndLearn(int i, SoftQWorkspace ws)
    {
        var env = _envs[i];
        if (!_episodeActive[i]) StartEpisode(i);

        int action = ExploringAction(i, ws);
        var step = env.Step(action);
        int t = _episodeStep[i];
        _replay[i].Add(_obs[i], action, step.Reward, step.Observation, step.Terminated, step.Truncated, t);
        step.Observation.CopyTo(_obs[i]);
        _episodeStep[i] = t + 1;
        _episodeReturn[i] += step.Reward;

        if (_replay[i].Count >= _options.MinReplayToLearn)
        {
            for (int u = 0; u < _options.UpdatesPerStep; u++)
            {
                _lossSum[i] += SoftQUpdate(i, ws);
                _lossCount[i]++;
            }
        }
        _episodeEnded[i] = step.Done;
    }

    private void StartEpisode(int i)
    {
        var (obs, _) = _envs[i].Reset(_taskResetRng[i].NextInt(int.MaxValue));
        obs.CopyTo(_obs[i]);
        _episodeStep[i] = 0;
        _episodeReturn[i] = 0;
        _episodeActive[i] = true;
    }

    /// <summary>Reports task i's finished episode (calling thread, after the barrier); <paramref name="envSteps"/> is the total at its last step.</summary>
    private void FinishEpisode(int i, ITrainingObserver observer, long envSteps)
    {
        _episodeEnded[i] = false;
        observer.OnEpisode(new EpisodeRecord(i, _episodesDone[i], _episodeStep[i], _episodeReturn[i], envSteps));
        if (_lossCount[i] > 0) observer.OnDiagnostic(new(SoftQLossName, DiagnosticKind.Loss, i, _lossSum[i] / _lossCount[i], envSteps));
        observer.OnDiagnostic(new(EpsilonName, DiagnosticKind.Schedule, i, SoftQMath.Epsilon(_options, _episodesDone[i]), envSteps));
        if (i == 0 && _distillLossCount > 0)
            observer.OnDiagnostic(new(DistillLossName, DiagnosticKind.Loss, TrainingDiagnostic.SharedTask, _distillLossSum / _distillLossCount, envSteps));
        if (i == 0) (_distillLossSum, _distillLossCount) = (0, 0);
        _lossSum[i] = 0;
        _lossCount[i] = 0;
        _episodesDone[i]++;
        _episodeActive[i] = false;
    }

    // ------------------------------------------------------------------ acting

    /// <summary>Training action: epsilon-uniform (EpsilonBoltzmann) or else a sample from the acting policy.</summary>
    private int ExploringAction(int i, SoftQWorkspace ws)
    {
        var rng = _taskActRng[i];
        if (_options.Exploration == ExplorationMode.EpsilonBoltzmann
            && rng.NextFloat() < SoftQMath.Epsilon(_options, _episodesDone[i]))
            return rng.NextInt(_actionCount);
        ActingPolicyLogits(i, _obs[i], ws.Logits, ws);
        PolicyMath.Softmax(ws.Logits, ws.Probs);
        return rng.Categorical(ws.Probs);
    }

    /// <summary>Logits of task i's acting policy at one observation (see <see cref="ActingPolicy"/>).</summary>
    private void ActingPolicyLogits(int i, ReadOnlySpan<float> obs, Span<float> logits, SoftQWorkspace ws)
    {
        CheckObservation(obs);
        var g = ws.Graph;
        using (g.NoGrad())
        {
            var x = g.Input(new Shape(1, _obsSize), obs);
            _task[i].Forward(g, x).Span.CopyTo(ws.FRow);
            bool needPrior = _options.Acting == ActingPolicy.Prior && _distilled is not null;
            if (needPrior) _distilled!.Forward(g, x).Span.CopyTo(ws.HRow);
            SoftQMath.ActingLogits(ws.FRow, needPrior ? ws.HRow : [], _options.Acting, _options.Alpha, _options.Beta, _options.BetaPrime, logits,
                _options.PriorFloor);
        }
        g.Reset();
    }

    /// <inheritdoc/>
    public int Act(int task, ReadOnlySpan<float> obs, bool greedy)
    {
        if ((uint)task >= (uint)_envs.Length) throw new ArgumentOutOfRangeException(nameof(task), $"Task {task} is outside [0, {_envs.Length}).");
        var ws = _workspaces[0];
        ActingPolicyLogits(task, obs, ws.Logits, ws);
        if (greedy) return PolicyMath.ArgMax(ws.Logits);
        PolicyMath.Softmax(ws.Logits, ws.Probs);
        return _evalRng.Categorical(ws.Probs);
    }

    /// <inheritdoc/>
    public int ActDistilled(ReadOnlySpan<float> obs, bool greedy)
    {
        var probs = _workspaces[0].Probs;
        DistilledProbabilities(obs, probs);
        return greedy ? PolicyMath.ArgMax(probs) : _evalRng.Categorical(probs);
    }

    /// <inheritdoc/>
    public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs)
    {
        if (_distilled is null) throw new InvalidOperationException($"'{Algorithm}' has no distilled policy (SoftQOptions.Distilled is false).");
        if (probs.Length != _actionCount) throw new ArgumentException($"probs has length {probs.Length}, expected {_actionCount}.", nameof(probs));
        CheckObservation(obs);
        var g = _workspaces[0].Graph;
        using (g.NoGrad())
        {
            var h = _distilled.Forward(g, g.Input(new Shape(1, _obsSize), obs));
            PolicyMath.Softmax(h.Span, probs);
        }
        g.Reset();
    }

    private void CheckObservation(ReadOnlySpan<float> obs)
    {
        if (obs.Length != _obsSize) throw new ArgumentException($"Observation has {obs.Length} values, expected {_obsSize}.", nameof(obs));
    }

    // ------------------------------------------------------------------ soft-Q step on theta_i

    /// <summary>
    /// Writes y = R_n + discount * V_i(s_n) for the first batch.Count rows, with V_i from the target column (or the
    /// online one) and the current pi_0, computed without gradients.
    /// </summary>
    internal void ComputeTargets(int i, NStepBatch batch, Span<float> targets) => ComputeTargets(i, batch, targets, _workspaces[0].Graph);

    private void ComputeTargets(int i, NStepBatch batch, Span<float> targets, Graph g)
    {
        int rows = batch.Count;
        using (g.NoGrad())
        {
            var next = g.Input(new Shape(rows, _obsSize), batch.NextObservations.AsSpan(0, rows * _obsSize));
            var column = _taskTarget?[i] ?? _task[i];
            var fNext = column.Forward(g, next);
            Tensor? logPrior = _distilled is null ? null : SoftQMath.LogPrior(g, _distilled.Forward(g, next), _options.PriorFloor);
            var v = SoftQMath.SoftValue(g, fNext, logPrior, _options.Alpha, _options.Beta);
            SoftQMath.TdTargets(batch.Returns.AsSpan(0, rows), batch.BootstrapDiscounts.AsSpan(0, rows), v.Span, targets[..rows]);

            // n-step windows: the regularised reward of every step after the first, r + (alpha/beta) log pi_0 - (1/beta) log pi_i,
            // equals r + V(s_d) - Q(s_d, a_d) under the soft policy of the same column; the raw rewards are already in R_n.
            int m = batch.IntermediateCount;
            if (m > 0)
            {
                var xs = g.Input(new Shape(m, _obsSize), batch.IntermediateObservations.AsSpan(0, m * _obsSize));
                var fs = column.Forward(g, xs);
                Tensor? logPriorS = _distilled is null ? null : SoftQMath.LogPrior(g, _distilled.Forward(g, xs), _options.PriorFloor);
                var vs = SoftQMath.SoftValue(g, fs, logPriorS, _options.Alpha, _options.Beta);
                var qs = g.Gather(fs, batch.IntermediateActions.AsSpan(0, m));
                SoftQMath.AddIntermediateRegularisers(batch.IntermediateRows.AsSpan(0, m), batch.IntermediateDiscounts.AsSpan(0, m),
                    vs.Span, qs.Span, targets);
            }
        }
    }

    /// <summary>One regression step of f_i toward the soft Bellman targets; returns the loss before the step.</summary>
    internal float SoftQUpdate(int i) => SoftQUpdate(i, _workspaces[0]);

    private float SoftQUpdate(int i, SoftQWorkspace ws)
    {
        int rows = _options.BatchSize;
        var batch = ws.Batch;
        _replay[i].SampleNStep(_taskSampleRng[i], rows, _options.NSteps, _options.Gamma, batch);
        var g = ws.Graph;
        ComputeTargets(i, batch, ws.Targets, g);

        var s = g.Input(new Shape(rows, _obsSize), batch.Observations.AsSpan(0, rows * _obsSize));
        var q = g.Gather(_task[i].Forward(g, s), batch.Actions.AsSpan(0, rows));
        var y = g.Input(new Shape(rows), ws.Targets);
        var loss = _options.TdLoss == TdLossKind.Huber ? g.HuberLoss(q, y) : g.MseLoss(q, y);
        float value = loss.Item();

        _taskOptimizer[i].ZeroGrad();
        g.Backward(loss);
        if (_options.GradientClipValue > 0) GradientClipping.ClipGradValue(_taskParameters[i], _options.GradientClipValue);
        _taskOptimizer[i].Step();
        g.Reset();

        _updates[i]++;
        UpdateTarget(i);
        return value;
    }

    private void UpdateTarget(int i)
    {
        switch (_options.TargetNetwork)
        {
            case TargetNetworkMode.Hard when _updates[i] % _options.TargetUpdatePeriod == 0:
                _taskTarget![i].CopyParametersFrom(_task[i]);
                break;
            case TargetNetworkMode.Polyak:
                _taskTarget![i].SoftUpdateFrom(_task[i], _options.TargetTau);
                break;
        }
    }

    // ------------------------------------------------------------------ distillation step on theta_0

    /// <summary>
    /// One step on theta_0 of -(alpha/beta) sum_i mean over m_i = min(batch, |B_i|) replayed rows of
    /// gamma^t log pi_0(a|s) (Sampled) or gamma^t sum_a pi_i(a|s) log pi_0(a|s) (Expected, pi_i the task's
    /// acting policy, held fixed). All tasks' rows are stacked and split in two halves: the gradient of the first
    /// half goes into h, that of the second into a copy of h, then the two are added. Returns the loss.
    /// </summary>
    internal float DistillationUpdate()
    {
        if (_distilled is null) throw new InvalidOperationException("No distilled policy to update.");
        int rows = FillDistillationBatch();
        if (rows == 0) return 0f;
        if (_options.DistillationLoss == DistillationLossKind.Expected) FillWeightedTaskProbabilities(rows);
        _distillRows = rows;
        var mine = _distilledParameters;
        var copy = _distilledShardParameters;
        _distilledOptimizer!.ZeroGrad();
        for (int k = 0; k < copy.Count; k++)
        {
            mine[k].Span.CopyTo(copy[k].Span);
            copy[k].ZeroGrad();
        }
        if (_workspaces.Length > 1)
        {
            _workers ??= new TaskPhaseWorkers(_workspaces.Length);
            _workers.Run(_runDistillShard, DistillShards);
        }
        else
        {
            for (int shard = 0; shard < DistillShards; shard++) DistillShard(shard, 0);
        }
        for (int k = 0; k < mine.Count; k++) PolicyMath.AddInPlace(mine[k].Grad, copy[k].Grad);
        if (_options.GradientClipValue > 0) GradientClipping.ClipGradValue(mine, _options.GradientClipValue);
        _distilledOptimizer.Step();
        return _shardLoss[0] + _shardLoss[1];
    }

    /// <summary>Forward and backward of one half of the stacked distillation rows: shard 0 into h, shard 1 into its copy.</summary>
    private void DistillShard(int shard, int worker)
    {
        int rows = _distillRows, half = rows / 2;
        int start = shard == 0 ? 0 : half, count = shard == 0 ? half : rows - half;
        _shardLoss[shard] = 0f;
        if (count == 0) return;
        var net = shard == 0 ? _distilled! : _distilledShard!;
        var g = _workspaces[worker].Graph;
        var x = g.Input(new Shape(count, _obsSize), _distObs.AsSpan(start * _obsSize, count * _obsSize));
        var logPi0 = g.LogSoftmax(net.Forward(g, x));
        Tensor loss;
        if (_options.DistillationLoss == DistillationLossKind.Sampled)
        {
            var w = g.Input(new Shape(count), _distWeights.AsSpan(start, count));
            loss = DistillationLosses.Sampled(g, logPi0, _distActions.AsSpan(start, count), w, _options.Alpha, _options.Beta);
        }
        else
        {
            var w = g.Input(new Shape(count, _actionCount), _distTaskProbs.AsSpan(start * _actionCount, count * _actionCount));
            loss = DistillationLosses.Expected(g, logPi0, w, _options.Alpha, _options.Beta);
        }
        _shardLoss[shard] = loss.Item();
        g.Backward(loss);
        g.Reset();
    }

    /// <summary>Samples each task's rows into the stacked buffers; row weight = gamma^t / m_i. Returns the row count.</summary>
    private int FillDistillationBatch()
    {
        int rows = 0;
        var batch = _workspaces[0].Batch;
        for (int i = 0; i < _envs.Length; i++)
        {
            int m = Math.Min(_options.BatchSize, _replay[i].Count);
            _distStart[i] = rows;
            _distCount[i] = m;
            if (m == 0) continue;
            _replay[i].SampleNStep(_sampleRng, m, 1, _options.Gamma, batch);
            batch.Observations.AsSpan(0, m * _obsSize).CopyTo(_distObs.AsSpan(rows * _obsSize));
            batch.Actions.AsSpan(0, m).CopyTo(_distActions.AsSpan(rows));
            for (int r = 0; r < m; r++)
            {
                int t = batch.TimeSteps[r];
                float discount = (uint)t < GammaPowerCount ? _gammaPowers[t] : MathF.Pow(_options.Gamma, t);
                _distWeights[rows + r] = discount / m;
            }
            rows += m;
        }
        return rows;
    }

    /// <summary>W[r, a] = w_r pi_i(a|s_r) with pi_i the acting policy from the current f_i and h (no gradient).</summary>
    private void FillWeightedTaskProbabilities(int rows)
    {
        var ws = _workspaces[0];
        var g = ws.Graph;
        int a = _actionCount;
        using (g.NoGrad())
        {
            var x = g.Input(new Shape(rows, _obsSize), _distObs.AsSpan(0, rows * _obsSize));
            var hValues = _distilled!.Forward(g, x).Span;
            for (int i = 0; i < _envs.Length; i++)
            {
                int start = _distStart[i], m = _distCount[i];
                if (m == 0) continue;
                var xi = g.Narrow(x, 0, start, m);
                var f = _task[i].Forward(g, xi).Span;
                for (int r = 0; r < m; r++)
                {
                    int row = start + r;
                    var probs = _distTaskProbs.AsSpan(row * a, a);
                    SoftQMath.ActingLogits(f.Slice(r * a, a), hValues.Slice(row * a, a), _options.Acting,
                        _options.Alpha, _options.Beta, _options.BetaPrime, ws.Logits, _options.PriorFloor);
                    PolicyMath.Softmax(ws.Logits, probs);
                    float w = _distWeights[row];
                    for (int k = 0; k < a; k++) probs[k] *= w;
                }
            }
        }
        g.Reset();
    }
}
