using System.Runtime.Intrinsics;
using Distral.Agents.Distillation;
using Distral.Agents.SoftQ;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>Receives the episodes a worker finishes (on the worker's thread).</summary>
internal interface IEpisodeSink
{
    /// <summary>An episode of global task <paramref name="task"/> ended after <paramref name="steps"/> steps.</summary>
    void OnEpisodeFinished(int task, int steps, double episodeReturn);
}

/// <summary>
/// The rollout and the loss of the actor-critic objective for a set of env rows: some tasks (global ids), W copies
/// each. The synchronous agent has one worker over every task and copy, acting and learning on the shared networks;
/// an asynchronous (A3C) worker serves one copy of one task with local network copies, refreshed from the shared
/// networks before each unroll, and its optimizers apply the local gradients to the shared parameters.
/// Rows are time-major: entry t*M + j with j = localTask*W + w (M = tasks*W).
/// </summary>
internal sealed class ActorCriticWorker
{
    private readonly ActorCriticOptions _options;
    private readonly IEnv[] _envs;
    private readonly int[] _taskIds;
    private readonly int _tasks, _workers, _rows, _unroll, _obsSize, _actionCount;
    private readonly IEpisodeSink _sink;

    // Columns this worker computes with (local copies in async mode), index k: task columns (or shared), then h.
    private readonly ActorCriticColumn[] _taskColumns;
    private readonly ActorCriticColumn? _shared;
    private readonly ActorCriticColumn? _h;
    private readonly ActorCriticColumn[] _columns;
    private readonly Optimizer[] _optimizers;
    private readonly Tensor[] _parameters;        // the gradient sources: clipped together
    private readonly Tensor[]? _sharedParameters; // async: refreshed into _parameters before each unroll

    private readonly LstmState?[] _actStates, _startStates, _trainStates, _probeStates;

    private readonly Graph _graph;  // async: shared by the learners of one thread (they run one at a time)
    private readonly Rng _actRng, _resetRng;

    private readonly float[] _obs;
    private readonly bool[] _starts;
    private readonly int[] _actions;
    private readonly float[] _rewards, _truncationValues, _regularisedRewards, _returns, _ownStepCorrection;
    private readonly bool[] _terminated, _truncated;
    private readonly float[] _bootstrap;
    private readonly bool[] _noStarts;

    private readonly int[][] _taskRows;
    private readonly int[][] _taskIndex;
    private readonly bool[][] _taskStarts;
    private readonly int[][] _taskActions;
    private readonly float[][] _taskAdvantages, _taskReturns, _taskLogPi0;
    private readonly float[] _distillWeights;
    private readonly Tensor[] _logits, _values, _logPi;
    private Tensor? _hLogits;

    private readonly float[] _currentObs, _finalObs;
    private readonly bool[] _currentStarts;
    private readonly int[] _episodeSteps;
    private readonly double[] _episodeReturns;
    private readonly float[] _probs;
    private bool _started;

    /// <summary>
    /// Sets up a worker; <paramref name="sharedColumns"/> (same layout as the columns) turns on the async refresh.
    /// Workers that never run concurrently may share their local columns and <paramref name="graph"/>: an update
    /// overwrites the local parameters from the shared ones and zeroes their gradients before using them, and the
    /// graph is reset after every step, so nothing of one learner's update survives into another's.
    /// </summary>
    public ActorCriticWorker(ActorCriticOptions options, IEnv[] envs, int[] taskIds, int workersPerTask,
        ActorCriticColumn[] taskColumns, ActorCriticColumn? shared, ActorCriticColumn? h, Optimizer[] optimizers,
        ActorCriticColumn[]? sharedColumns, Rng actRng, Rng resetRng, IEpisodeSink sink, Graph? graph = null)
    {
        _options = options;
        _graph = graph ?? new Graph();
        _envs = envs;
        _taskIds = taskIds;
        _tasks = taskIds.Length;
        _workers = workersPerTask;
        _rows = _tasks * _workers;
        _unroll = options.UnrollLength;
        _obsSize = envs[0].ObservationSpace.Size;
        _actionCount = ((Discrete)envs[0].ActionSpace).N;
        _taskColumns = taskColumns;
        _shared = shared;
        _h = h;
        _columns = [.. taskColumns, .. shared is null ? Array.Empty<ActorCriticColumn>() : [shared], .. h is null ? Array.Empty<ActorCriticColumn>() : [h]];
        _optimizers = optimizers;
        _parameters = [.. _columns.SelectMany(c => c.Parameters())];
        if (sharedColumns is not null) _sharedParameters = [.. sharedColumns.SelectMany(c => c.Parameters())];
        _actRng = actRng;
        _resetRng = resetRng;
        _sink = sink;

        int k = _columns.Length;
        _actStates = new LstmState?[k];
        _startStates = new LstmState?[k];
        _trainStates = new LstmState?[k];
        _probeStates = new LstmState?[k];
        for (int c = 0; c < k; c++)
        {
            var torso = _columns[c].Torso;
            if (!torso.IsRecurrent) continue;
            int rows = c < taskColumns.Length ? _workers : _rows;
            _actStates[c] = torso.NewState(rows);
            _startStates[c] = torso.NewState(rows);
            _trainStates[c] = torso.NewState(rows);
            _probeStates[c] = torso.NewState(rows);
        }

        int n = _unroll, m = _rows, a = _actionCount;
        _obs = new float[(n + 1) * m * _obsSize];
        _starts = new bool[(n + 1) * m];
        _actions = new int[n * m];
        _rewards = new float[n * m];
        _truncationValues = new float[n * m];
        _regularisedRewards = new float[n * m];
        _returns = new float[n * m];
        _ownStepCorrection = new float[n * m];
        _terminated = new bool[n * m];
        _truncated = new bool[n * m];
        _bootstrap = new float[m];
        _noStarts = new bool[m];
        _taskRows = new int[_tasks][];
        _taskIndex = new int[_tasks][];
        _taskStarts = new bool[_tasks][];
        _taskActions = new int[_tasks][];
        _taskAdvantages = new float[_tasks][];
        _taskReturns = new float[_tasks][];
        _taskLogPi0 = new float[_tasks][];
        for (int i = 0; i < _tasks; i++)
        {
            _taskRows[i] = new int[(n + 1) * _workers];
            for (int t = 0; t <= n; t++)
                for (int w = 0; w < _workers; w++) _taskRows[i][t * _workers + w] = t * m + i * _workers + w;
            _taskIndex[i] = new int[(n + 1) * _workers];
            Array.Fill(_taskIndex[i], taskIds[i]);
            _taskStarts[i] = new bool[(n + 1) * _workers];
            _taskActions[i] = new int[n * _workers];
            _taskAdvantages[i] = new float[n * _workers];
            _taskReturns[i] = new float[n * _workers];
            _taskLogPi0[i] = new float[n * _workers * a];
        }
        _distillWeights = new float[n * m * a];
        _logits = new Tensor[_tasks];
        _values = new Tensor[_tasks];
        _logPi = new Tensor[_tasks];

        _currentObs = new float[m * _obsSize];
        _finalObs = new float[m * _obsSize];
        _currentStarts = new bool[m];
        _episodeSteps = new int[m];
        _episodeReturns = new double[m];
        _probs = new float[a];
    }

    /// <summary>Environment steps taken by this worker.</summary>
    public long EnvSteps { get; internal set; }

    /// <summary>Sums of the loss terms and the policy entropy since the last <see cref="TakeDiagnostics"/>.</summary>
    public double PolicyLossSum, ValueLossSum, DistillLossSum, EntropySum;

    /// <summary>Updates summed into the diagnostics.</summary>
    public int DiagnosticCount;

    /// <summary>Clears the diagnostic sums.</summary>
    public void TakeDiagnostics() => (PolicyLossSum, ValueLossSum, DistillLossSum, EntropySum, DiagnosticCount) = (0, 0, 0, 0, 0);

    // Checkpoint access (ActorCriticDistral.Checkpoint.cs): the state a worker carries from one update to the next.
    internal IEnv[] Envs => _envs;
    internal Optimizer[] Optimizers => _optimizers;
    internal Rng ActRng => _actRng;
    internal Rng ResetRng => _resetRng;
    internal float[] CurrentObservations => _currentObs;
    internal bool[] CurrentStarts => _currentStarts;
    internal int[] EpisodeSteps => _episodeSteps;
    internal double[] EpisodeReturns => _episodeReturns;
    internal LstmState?[] ActingStates => _actStates;
    internal bool Started { get => _started; set => _started = value; }

    /// <summary>One update: unroll every env row n steps, then one gradient step on the objective.</summary>
    public void Update()
    {
        if (!_started) StartAll();
        if (_sharedParameters is not null)
            for (int p = 0; p < _parameters.Length; p++) _sharedParameters[p].Span.CopyTo(_parameters[p].Span);
        for (int c = 0; c < _columns.Length; c++) _startStates[c]?.CopyFrom(_actStates[c]!);
        for (int t = 0; t < _unroll; t++) ActStep(t);
        _currentObs.CopyTo(_obs.AsSpan(_unroll * _rows * _obsSize));
        _currentStarts.CopyTo(_starts.AsSpan(_unroll * _rows));
        Learn();
    }

    private void StartAll()
    {
        for (int j = 0; j < _envs.Length; j++) ResetCopy(j);
        _started = true;
    }

    private void ResetCopy(int j)
    {
        var (obs, _) = _envs[j].Reset(_resetRng.NextInt(int.MaxValue));
        obs.CopyTo(_currentObs.AsSpan(j * _obsSize, _obsSize));
        _currentStarts[j] = true;
        _episodeSteps[j] = 0;
        _episodeReturns[j] = 0;
    }

    // ------------------------------------------------------------------ acting

    /// <summary>Step t of the unroll: sample every row's action from its task policy, step the envs, record.</summary>
    private void ActStep(int t)
    {
        int m = _rows;
        _currentObs.CopyTo(_obs.AsSpan(t * m * _obsSize, m * _obsSize));
        _currentStarts.CopyTo(_starts.AsSpan(t * m, m));

        var g = _graph;
        using (g.NoGrad())
        {
            Forward(g, g.Input(new Shape(m, _obsSize), _currentObs), 1, _actStates, _currentStarts);
            for (int i = 0; i < _tasks; i++)
            {
                var logits = _logits[i].Span;
                for (int w = 0; w < _workers; w++)
                {
                    PolicyMath.Softmax(logits.Slice(w * _actionCount, _actionCount), _probs);
                    _actions[t * m + i * _workers + w] = _actRng.Categorical(_probs);
                }
            }
        }
        g.Reset();

        bool anyTruncated = false;
        for (int j = 0; j < m; j++)
        {
            int k = t * m + j;
            var step = _envs[j].Step(_actions[k]);
            _rewards[k] = step.Reward;
            _terminated[k] = step.Terminated;
            _truncated[k] = step.Truncated && !step.Terminated;
            _truncationValues[k] = 0f;
            _episodeSteps[j]++;
            _episodeReturns[j] += step.Reward;
            EnvSteps++;
            // Every row feeds the probe forward of TruncationValues; only truncated rows' values are used.
            step.Observation.CopyTo(_finalObs.AsSpan(j * _obsSize, _obsSize));
            anyTruncated |= _truncated[k];
            if (step.Done)
            {
                _sink.OnEpisodeFinished(_taskIds[j / _workers], _episodeSteps[j], _episodeReturns[j]);
                ResetCopy(j);
            }
            else
            {
                step.Observation.CopyTo(_currentObs.AsSpan(j * _obsSize, _obsSize));
                _currentStarts[j] = false;
            }
        }
        if (anyTruncated) TruncationValues(t);
    }

    /// <summary>V_i(s') of the final observations of rows cut by the time limit (the task goes on in principle: bootstrap).</summary>
    private void TruncationValues(int t)
    {
        for (int c = 0; c < _columns.Length; c++) _probeStates[c]?.CopyFrom(_actStates[c]!);
        var g = _graph;
        using (g.NoGrad())
        {
            Forward(g, g.Input(new Shape(_rows, _obsSize), _finalObs), 1, _probeStates, _noStarts);
            for (int i = 0; i < _tasks; i++)
            {
                var v = _values[i].Span;
                for (int w = 0; w < _workers; w++)
                {
                    int k = t * _rows + i * _workers + w;
                    if (_truncated[k]) _truncationValues[k] = v[w];
                }
            }
        }
        g.Reset();
    }

    // ------------------------------------------------------------------ the networks

    /// <summary>
    /// One batched forward of every column over <paramref name="steps"/> time-major steps of all rows
    /// (<paramref name="x"/> [steps*M, obs]): _logits[i] [steps*W, A] and _values[i] [steps*W] per local task
    /// (rows t*W + w), _hLogits [steps*M, A] when h exists.
    /// </summary>
    private void Forward(Graph g, Tensor x, int steps, LstmState?[] states, ReadOnlySpan<bool> starts)
    {
        int hIndex = _columns.Length - 1;
        _hLogits = _h is null ? null : _h.Evaluate(g, x, states[hIndex], starts).Logits;
        if (_shared is not null)
        {
            var (logits, values) = _shared.Evaluate(g, x, states[0], starts);
            for (int i = 0; i < _tasks; i++)
            {
                var rows = _taskRows[i].AsSpan(0, steps * _workers);
                _logits[i] = g.IndexSelect(logits, rows);
                _values[i] = g.Gather(g.IndexSelect(values!, rows), _taskIndex[i].AsSpan(0, steps * _workers));
            }
            return;
        }
        for (int i = 0; i < _tasks; i++)
        {
            var rows = _taskRows[i].AsSpan(0, steps * _workers);
            var taskStarts = _taskStarts[i].AsSpan(0, steps * _workers);
            for (int r = 0; r < rows.Length; r++) taskStarts[r] = starts[rows[r]];
            var (u, values) = _taskColumns[i].Evaluate(g, g.IndexSelect(x, rows), states[i], taskStarts);
            _values[i] = g.Reshape(values!, new Shape(rows.Length));
            // 2col: logits w_h h + beta f_i with the column's output u_i = beta f_i (see ActorCriticDistral).
            _logits[i] = _options.Architecture == ActorCriticArchitecture.TwoColumn
                ? g.Add(g.MulScalar(g.IndexSelect(_hLogits!, rows), _options.PriorLogitWeight), u)
                : u;
        }
    }

    // ------------------------------------------------------------------ learning

    /// <summary>The update of the columns' parameters from the rollout in the buffers.</summary>
    private void Learn()
    {
        var g = _graph;
        int n = _unroll, m = _rows, a = _actionCount, taskRows = n * _workers;
        float alpha = _options.Alpha, beta = _options.Beta, scale = 1f / taskRows;

        // 1. One forward of every column over the n+1 steps (the last only supplies V_i(s_n)), from the unroll's start state.
        for (int c = 0; c < _columns.Length; c++) _trainStates[c]?.CopyFrom(_startStates[c]!);
        Forward(g, g.Input(new Shape((n + 1) * m, _obsSize), _obs), n + 1, _trainStates, _starts);
        var logPi0 = _hLogits is null || !_options.HasKl ? null : g.LogSoftmax(_hLogits);
        for (int i = 0; i < _tasks; i++) _logPi[i] = g.LogSoftmax(_logits[i]);

        // 2. Regularised rewards R + (alpha/beta) log pi_0 - (1/beta) log pi_i and n-step returns: numbers read off the
        //    forward pass, constants for the loss.
        double entropy = 0;
        for (int i = 0; i < _tasks; i++)
        {
            var lp = _logPi[i].Span;
            var lp0 = logPi0 is null ? default : logPi0.Span;
            var v = _values[i].Span;
            for (int t = 0; t < n; t++)
            {
                for (int w = 0; w < _workers; w++)
                {
                    int k = t * m + i * _workers + w, r = t * _workers + w, action = _actions[k];
                    _taskActions[i][r] = action;
                    float logPiA = lp[r * a + action];
                    float logPi0A = logPi0 is null ? 0f : lp0[k * a + action];
                    float sampled = ActorCriticMath.RegularisedReward(_rewards[k], logPi0A, logPiA, alpha, beta);
                    _regularisedRewards[k] = _options.Regulariser == RegulariserForm.PerState ? _rewards[k] : sampled;
                    float expected = 0f;
                    for (int b = 0; b < a; b++)
                    {
                        float p = MathF.Exp(lp[r * a + b]);
                        entropy -= p * lp[r * a + b];
                        expected += p * ActorCriticMath.RegularisedReward(0f, logPi0 is null ? 0f : lp0[k * a + b], lp[r * a + b], alpha, beta);
                        if (logPi0 is null) continue;
                        _distillWeights[k * a + b] = p * scale;
                        _taskLogPi0[i][r * a + b] = lp0[k * a + b];
                    }
                    // ExpectedNow: the advantage leaves out the current step's sampled regulariser (its expectation is
                    // differentiated analytically instead) and so does the baseline.
                    _ownStepCorrection[k] = _options.Regulariser == RegulariserForm.ExpectedNow ? (sampled - _rewards[k]) - expected : 0f;
                }
            }
            for (int w = 0; w < _workers; w++) _bootstrap[i * _workers + w] = v[n * _workers + w];
        }
        ActorCriticMath.NStepReturns(_regularisedRewards, _terminated, _truncated, _truncationValues, _bootstrap,
            _options.Gamma, n, m, _returns);

        // 3. The loss: policy gradient with advantage G - V, value regression, [analytic regulariser,] distillation of pi_0.
        Tensor? loss = null;
        double policyLoss = 0, valueLoss = 0, distillLoss = 0;
        for (int i = 0; i < _tasks; i++)
        {
            var v = _values[i].Span;
            for (int t = 0; t < n; t++)
            {
                for (int w = 0; w < _workers; w++)
                {
                    int r = t * _workers + w;
                    float ret = _returns[t * m + i * _workers + w];
                    _taskReturns[i][r] = ret;
                    _taskAdvantages[i][r] = (ret - v[r] - _ownStepCorrection[t * m + i * _workers + w]) * scale;
                }
            }
            var pg = ActorCriticLoss.PolicyGradient(g, g.Narrow(_logPi[i], 0, 0, taskRows), _taskActions[i], _taskAdvantages[i]);
            var value = ActorCriticLoss.Value(g, g.Narrow(_values[i], 0, 0, taskRows), _taskReturns[i], scale);
            policyLoss += pg.Item();
            valueLoss += value.Item();
            var term = g.Add(pg, g.MulScalar(value, _options.ValueLossCoefficient));
            if (_options.Regulariser != RegulariserForm.Sampled)
                term = g.Add(term, ActorCriticLoss.AnalyticRegulariser(g, g.Narrow(_logits[i], 0, 0, taskRows),
                    logPi0 is null ? default : _taskLogPi0[i], alpha, beta, scale));
            loss = loss is null ? term : g.Add(loss, term);
        }
        if (logPi0 is not null)
        {
            var weights = g.Input(new Shape(n * m, a), _distillWeights);
            var distill = DistillationLosses.Expected(g, g.Narrow(logPi0, 0, 0, n * m), weights, alpha, beta);
            distillLoss = distill.Item();
            loss = g.Add(loss!, distill);
        }

        // 4. One backward, global-norm clipping over every column, one step of each optimizer.
        foreach (var o in _optimizers) o.ZeroGrad();
        g.Backward(loss!);
        if (_options.GradientClipNorm > 0 && !NormClearlyBelow(_parameters, _options.GradientClipNorm))
            GradientClipping.ClipGradNorm(_parameters, _options.GradientClipNorm);
        foreach (var o in _optimizers) o.Step();
        g.Reset();

        PolicyLossSum += policyLoss;
        ValueLossSum += valueLoss;
        DistillLossSum += distillLoss;
        EntropySum += entropy / (n * m);
        DiagnosticCount++;
    }

    /// <summary>
    /// True when the global gradient norm is certainly below <paramref name="maxNorm"/>, so that ClipGradNorm would leave
    /// every gradient unchanged. ClipGradNorm's exact sequential sum is a chain of dependent additions (a third of an
    /// async learner's time); this sum is vectorised in another order, so it is only trusted with a margin far wider
    /// than the rounding of either sum (relative ~n 2^-53 in double): when in doubt ClipGradNorm decides, so the
    /// result is bit-identical either way. NaN or infinite gradients fail the test and go to ClipGradNorm too.
    /// </summary>
    private static bool NormClearlyBelow(Tensor[] parameters, float maxNorm)
    {
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        double tail = 0;
        foreach (var p in parameters)
        {
            ReadOnlySpan<float> grad = p.Grad;
            int i = 0;
            for (; i <= grad.Length - 8; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(grad.Slice(i, 8)));
                acc0 += lo * lo;
                acc1 += hi * hi;
            }
            for (; i < grad.Length; i++) tail += (double)grad[i] * grad[i];
        }
        double total = Math.Sqrt(Vector256.Sum(acc0 + acc1) + tail);
        return total * (1 + 1e-6) + 1e-6 < maxNorm * (1 - 1e-6);
    }
}
