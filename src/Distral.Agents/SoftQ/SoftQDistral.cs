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
/// <para>Distillation step (after each round over the tasks): -(alpha/beta) sum_i mean gamma^t log pi_0(a|s) on theta_0.</para>
/// Single-threaded and deterministic: the same seed gives the same results.
/// </summary>
public sealed class SoftQDistral : IMultitaskAgent
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

    private readonly ReplayBuffer[] _replay;
    private readonly NStepBatch _batch = new();
    private readonly Graph _graph = new();

    // Independent streams so that evaluation (Act) never perturbs training.
    private readonly Rng _actRng;
    private readonly Rng _sampleRng;
    private readonly Rng _resetRng;
    private readonly Rng _evalRng;

    // Per-task episode state, kept between Train calls.
    private readonly float[][] _obs;
    private readonly bool[] _episodeActive;
    private readonly int[] _episodeStep;
    private readonly double[] _episodeReturn;
    private readonly int[] _episodesDone;
    private readonly long[] _updates;
    private readonly double[] _lossSum;
    private readonly int[] _lossCount;
    private double _distillLossSum;
    private int _distillLossCount;

    // Preallocated scratch.
    private readonly float[] _targets;
    private readonly float[] _fRow;
    private readonly float[] _hRow;
    private readonly float[] _logits;
    private readonly float[] _probs;
    private readonly float[] _distObs;
    private readonly int[] _distActions;
    private readonly float[] _distWeights;
    private readonly float[] _distTaskProbs;
    private readonly int[] _distStart;
    private readonly int[] _distCount;

    private readonly string[] _lossTags;
    private readonly string[] _epsilonTags;
    private const string DistillLossTag = "distill/loss";

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
        _actRng = root.Fork(2);
        _sampleRng = root.Fork(3);
        _resetRng = root.Fork(4);
        _evalRng = root.Fork(5);

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

        int batch = options.BatchSize;
        _targets = new float[batch];
        _fRow = new float[_actionCount];
        _hRow = new float[_actionCount];
        _logits = new float[_actionCount];
        _probs = new float[_actionCount];
        _distObs = new float[n * batch * _obsSize];
        _distActions = new int[n * batch];
        _distWeights = new float[n * batch];
        _distTaskProbs = new float[n * batch * _actionCount];
        _distStart = new int[n];
        _distCount = new int[n];
        _batch.EnsureCapacity(batch, _obsSize, options.NSteps);

        _lossTags = new string[n];
        _epsilonTags = new string[n];
        for (int i = 0; i < n; i++)
        {
            _lossTags[i] = $"softq/loss/task{i}";
            _epsilonTags[i] = $"epsilon/task{i}";
        }
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
        while (MinEpisodesDone() < episodesPerTask)
        {
            cancel.ThrowIfCancellationRequested();
            Round(observer);
        }
    }

    /// <summary>Runs exactly <paramref name="rounds"/> rounds regardless of episode counts (tests, benchmarks).</summary>
    internal void RunRounds(int rounds, ITrainingObserver observer)
    {
        for (int r = 0; r < rounds; r++) Round(observer);
    }

    /// <summary>One round: an env step and its soft-Q updates for every task, then one distillation update.</summary>
    private void Round(ITrainingObserver observer)
    {
        for (int i = 0; i < _envs.Length; i++) EnvStepAndLearn(i, observer);
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

    /// <summary>One environment step of task i (acting with exploration), its replay push, and its soft-Q updates.</summary>
    private void EnvStepAndLearn(int i, ITrainingObserver observer)
    {
        var env = _envs[i];
        if (!_episodeActive[i]) StartEpisode(i);

        int action = ExploringAction(i);
        var step = env.Step(action);
        int t = _episodeStep[i];
        _replay[i].Add(_obs[i], action, step.Reward, step.Observation, step.Terminated, step.Truncated, t);
        step.Observation.CopyTo(_obs[i]);
        _episodeStep[i] = t + 1;
        _episodeReturn[i] += step.Reward;
        EnvSteps++;
        bool done = step.Done;

        if (_replay[i].Count >= _options.MinReplayToLearn)
        {
            for (int u = 0; u < _options.UpdatesPerStep; u++)
            {
                _lossSum[i] += SoftQUpdate(i);
                _lossCount[i]++;
            }
        }

        if (done) FinishEpisode(i, observer);
    }

    private void StartEpisode(int i)
    {
        var (obs, _) = _envs[i].Reset(_resetRng.NextInt(int.MaxValue));
        obs.CopyTo(_obs[i]);
        _episodeStep[i] = 0;
        _episodeReturn[i] = 0;
        _episodeActive[i] = true;
    }

    private void FinishEpisode(int i, ITrainingObserver observer)
    {
        observer.OnEpisode(new EpisodeRecord(i, _episodesDone[i], _episodeStep[i], _episodeReturn[i], EnvSteps));
        if (_lossCount[i] > 0) observer.OnScalar(_lossTags[i], _lossSum[i] / _lossCount[i], EnvSteps);
        observer.OnScalar(_epsilonTags[i], SoftQMath.Epsilon(_options, _episodesDone[i]), EnvSteps);
        if (i == 0 && _distillLossCount > 0) observer.OnScalar(DistillLossTag, _distillLossSum / _distillLossCount, EnvSteps);
        if (i == 0) (_distillLossSum, _distillLossCount) = (0, 0);
        _lossSum[i] = 0;
        _lossCount[i] = 0;
        _episodesDone[i]++;
        _episodeActive[i] = false;
    }

    // ------------------------------------------------------------------ acting

    /// <summary>Training action: epsilon-uniform (EpsilonBoltzmann) or else a sample from the acting policy.</summary>
    private int ExploringAction(int i)
    {
        if (_options.Exploration == ExplorationMode.EpsilonBoltzmann
            && _actRng.NextFloat() < SoftQMath.Epsilon(_options, _episodesDone[i]))
            return _actRng.NextInt(_actionCount);
        ActingPolicyLogits(i, _obs[i], _logits);
        SoftQMath.Softmax(_logits, _probs);
        return _actRng.Categorical(_probs);
    }

    /// <summary>Logits of task i's acting policy at one observation (see <see cref="ActingPolicy"/>).</summary>
    private void ActingPolicyLogits(int i, ReadOnlySpan<float> obs, Span<float> logits)
    {
        CheckObservation(obs);
        var g = _graph;
        using (g.NoGrad())
        {
            var x = g.Input(new Shape(1, _obsSize), obs);
            _task[i].Forward(g, x).Span.CopyTo(_fRow);
            bool needPrior = _options.Acting == ActingPolicy.Prior && _distilled is not null;
            if (needPrior) _distilled!.Forward(g, x).Span.CopyTo(_hRow);
            SoftQMath.ActingLogits(_fRow, needPrior ? _hRow : [], _options.Acting, _options.Alpha, _options.Beta, _options.BetaPrime, logits);
        }
        g.Reset();
    }

    /// <inheritdoc/>
    public int Act(int task, ReadOnlySpan<float> obs, bool greedy)
    {
        if ((uint)task >= (uint)_envs.Length) throw new ArgumentOutOfRangeException(nameof(task), $"Task {task} is outside [0, {_envs.Length}).");
        ActingPolicyLogits(task, obs, _logits);
        if (greedy) return SoftQMath.ArgMax(_logits);
        SoftQMath.Softmax(_logits, _probs);
        return _evalRng.Categorical(_probs);
    }

    /// <inheritdoc/>
    public int ActDistilled(ReadOnlySpan<float> obs, bool greedy)
    {
        DistilledProbabilities(obs, _probs);
        return greedy ? SoftQMath.ArgMax(_probs) : _evalRng.Categorical(_probs);
    }

    /// <inheritdoc/>
    public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs)
    {
        if (_distilled is null) throw new InvalidOperationException($"'{Algorithm}' has no distilled policy (SoftQOptions.Distilled is false).");
        if (probs.Length != _actionCount) throw new ArgumentException($"probs has length {probs.Length}, expected {_actionCount}.", nameof(probs));
        CheckObservation(obs);
        var g = _graph;
        using (g.NoGrad())
        {
            var h = _distilled.Forward(g, g.Input(new Shape(1, _obsSize), obs));
            SoftQMath.Softmax(h.Span, probs);
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
    internal void ComputeTargets(int i, NStepBatch batch, Span<float> targets)
    {
        var g = _graph;
        int rows = batch.Count;
        using (g.NoGrad())
        {
            var next = g.Input(new Shape(rows, _obsSize), batch.NextObservations.AsSpan(0, rows * _obsSize));
            var column = _taskTarget?[i] ?? _task[i];
            var fNext = column.Forward(g, next);
            Tensor? logPrior = _distilled is null ? null : g.LogSoftmax(_distilled.Forward(g, next));
            var v = SoftQMath.SoftValue(g, fNext, logPrior, _options.Alpha, _options.Beta);
            SoftQMath.TdTargets(batch.Returns.AsSpan(0, rows), batch.BootstrapDiscounts.AsSpan(0, rows), v.Span, targets[..rows]);

            // n-step windows: the regularised reward of every step after the first, r + (alpha/beta) log pi_0 - (1/beta) log pi_i,
            // equals r + V(s_d) - Q(s_d, a_d) under the soft policy of the same column; the raw rewards are already in R_n.
            int m = batch.IntermediateCount;
            if (m > 0)
            {
                var xs = g.Input(new Shape(m, _obsSize), batch.IntermediateObservations.AsSpan(0, m * _obsSize));
                var fs = column.Forward(g, xs);
                Tensor? logPriorS = _distilled is null ? null : g.LogSoftmax(_distilled.Forward(g, xs));
                var vs = SoftQMath.SoftValue(g, fs, logPriorS, _options.Alpha, _options.Beta);
                var qs = g.Gather(fs, batch.IntermediateActions.AsSpan(0, m));
                SoftQMath.AddIntermediateRegularisers(batch.IntermediateRows.AsSpan(0, m), batch.IntermediateDiscounts.AsSpan(0, m),
                    vs.Span, qs.Span, targets);
            }
        }
    }

    /// <summary>One regression step of f_i toward the soft Bellman targets; returns the loss before the step.</summary>
    internal float SoftQUpdate(int i)
    {
        int rows = _options.BatchSize;
        _replay[i].SampleNStep(_sampleRng, rows, _options.NSteps, _options.Gamma, _batch);
        var g = _graph;
        ComputeTargets(i, _batch, _targets);

        var s = g.Input(new Shape(rows, _obsSize), _batch.Observations.AsSpan(0, rows * _obsSize));
        var q = g.Gather(_task[i].Forward(g, s), _batch.Actions.AsSpan(0, rows));
        var y = g.Input(new Shape(rows), _targets);
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
    /// acting policy, held fixed). All tasks' rows go through h in one stacked batch. Returns the loss.
    /// </summary>
    internal float DistillationUpdate()
    {
        if (_distilled is null) throw new InvalidOperationException("No distilled policy to update.");
        int rows = FillDistillationBatch();
        if (rows == 0) return 0f;
        var g = _graph;
        var x = g.Input(new Shape(rows, _obsSize), _distObs.AsSpan(0, rows * _obsSize));
        var h = _distilled.Forward(g, x);
        var logPi0 = g.LogSoftmax(h);
        Tensor loss;
        if (_options.DistillationLoss == DistillationLossKind.Sampled)
        {
            var w = g.Input(new Shape(rows), _distWeights.AsSpan(0, rows));
            loss = DistillationLosses.Sampled(g, logPi0, _distActions.AsSpan(0, rows), w, _options.Alpha, _options.Beta);
        }
        else
        {
            FillWeightedTaskProbabilities(x, h);
            var w = g.Input(new Shape(rows, _actionCount), _distTaskProbs.AsSpan(0, rows * _actionCount));
            loss = DistillationLosses.Expected(g, logPi0, w, _options.Alpha, _options.Beta);
        }
        float value = loss.Item();
        _distilledOptimizer!.ZeroGrad();
        g.Backward(loss);
        if (_options.GradientClipValue > 0) GradientClipping.ClipGradValue(_distilledParameters, _options.GradientClipValue);
        _distilledOptimizer.Step();
        g.Reset();
        return value;
    }

    /// <summary>Samples each task's rows into the stacked buffers; row weight = gamma^t / m_i. Returns the row count.</summary>
    private int FillDistillationBatch()
    {
        int rows = 0;
        for (int i = 0; i < _envs.Length; i++)
        {
            int m = Math.Min(_options.BatchSize, _replay[i].Count);
            _distStart[i] = rows;
            _distCount[i] = m;
            if (m == 0) continue;
            _replay[i].SampleNStep(_sampleRng, m, 1, _options.Gamma, _batch);
            _batch.Observations.AsSpan(0, m * _obsSize).CopyTo(_distObs.AsSpan(rows * _obsSize));
            _batch.Actions.AsSpan(0, m).CopyTo(_distActions.AsSpan(rows));
            for (int r = 0; r < m; r++)
                _distWeights[rows + r] = MathF.Pow(_options.Gamma, _batch.TimeSteps[r]) / m;
            rows += m;
        }
        return rows;
    }

    /// <summary>W[r, a] = w_r pi_i(a|s_r) with pi_i the acting policy from the current f_i and h (no gradient).</summary>
    private void FillWeightedTaskProbabilities(Tensor x, Tensor h)
    {
        var g = _graph;
        int a = _actionCount;
        var hValues = h.Span;
        using (g.NoGrad())
        {
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
                        _options.Alpha, _options.Beta, _options.BetaPrime, _logits);
                    SoftQMath.Softmax(_logits, probs);
                    float w = _distWeights[row];
                    for (int k = 0; k < a; k++) probs[k] *= w;
                }
            }
        }
    }
}
