using System.Collections.Concurrent;
using Distral.Agents.SoftQ;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// Distral with actor-critic (paper eqs. 9-10): the seven algorithms of the paper as one learner configured by
/// <see cref="ActorCriticOptions"/>.
/// <para>Per row (task i, copy w, step t): R^reg_t = R + (alpha/beta) log pi_0(a_t|s_t) - (1/beta) log pi_i(a_t|s_t);
/// G_t = R^reg_t + gamma G_{t+1} (0 after a terminal step, V_i(s') after a time-limit truncation, V_i(s_n) at the
/// unroll end); loss = (1/(nW)) sum_rows [ -(G_t - V_i(s_t)) log pi_i(a_t|s_t) + c_v 0.5 (V_i(s_t) - G_t)^2
/// - (alpha/beta) sum_a pi_i(a|s_t) log pi_0(a|s_t) ], with G, V in the advantage and pi_i in the last term held
/// constant. The last term's gradient on h is (alpha/beta) sum_a (pi_i - pi_0) grad h (paper eq. 10); in 2col the
/// policy-gradient term also reaches h through the logits w_h h + beta f_i. No gamma^t weighting of either term
/// (as in A3C: every visited state counts alike). <see cref="RegulariserForm"/> offers two lower-variance estimators:
/// the current step's regulariser in expectation (same objective), or per-state only (A3C's entropy bonus).</para>
/// <para>2col parameterisation: the task column outputs u_i = beta f_i directly (f_i = u_i / beta, the same policy
/// family), so its outputs are logits on the scale of h; with beta f_i computed as a product, RMSProp's
/// scale-free steps would move the task logits beta times faster than h and collapse pi_i in a few updates.</para>
/// <para>Sync mode (A2C-style): per update every task's W env copies unroll n steps with the current networks, then
/// one batched forward per network over all rows, one loss, one backward, one optimizer step per network; single
/// threaded and bit-reproducible. Async mode (A3C): every copy is an actor-learner (the same rollout and loss code
/// with one env row) with local networks, spread over worker threads, pushing gradients into the shared networks
/// through RMSProp with shared statistics.</para>
/// </summary>
public sealed partial class ActorCriticDistral : IMultitaskAgent, IRecurrentActor, IEpisodeSink
{
    private readonly ActorCriticOptions _options;
    private readonly int _tasks, _obsSize, _actionCount;

    // Shared networks: task columns f_i (Separate, TwoColumn) or one shared network (Shared); h when there is a KL term or 2col.
    private readonly ActorCriticColumn[] _taskColumns;
    private readonly ActorCriticColumn? _shared;
    private readonly ActorCriticColumn? _h;
    private readonly ActorCriticColumn[] _allColumns;   // task columns (or shared), then h
    private readonly IReadOnlyList<Tensor> _allParameters;
    private readonly (string, Module)[] _networks;

    private readonly ActorCriticWorker[] _workers;      // sync: one worker over every row; async: one per env copy
    private readonly LstmState?[] _evalStates;
    private readonly Graph _evalGraph = new();
    private readonly Rng _evalRng;

    private readonly int[] _episodesDone;
    private ITrainingObserver? _observer;
    private readonly ConcurrentQueue<(int Task, int Steps, double Return)>? _asyncEpisodes;
    private int _asyncMinEpisodes;

    private readonly float[] _probs, _row, _evalObs;
    private int _updatesSinceReport;
    private const int DiagnosticsEvery = 50;

    /// <summary>
    /// Builds the networks for <paramref name="envsPerTask"/>: task i has W copies (the same W for every task;
    /// discrete actions, equal observation sizes; wrap them in a TimeLimit yourself). <paramref name="torsoFactory"/>
    /// makes each column's torso from (observation size, rng); default an <see cref="MlpTorso"/> of HiddenSizes.
    /// </summary>
    public ActorCriticDistral(IReadOnlyList<IReadOnlyList<IEnv>> envsPerTask, ActorCriticOptions options, ulong seed,
        Func<int, Rng, Torso>? torsoFactory = null)
    {
        ArgumentNullException.ThrowIfNull(envsPerTask);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (envsPerTask.Count == 0) throw new ArgumentException("ActorCriticDistral needs at least one task.", nameof(envsPerTask));
        _options = options;
        _tasks = envsPerTask.Count;
        int copies = options.WorkersPerTask;
        var envs = new IEnv[_tasks * copies];
        for (int i = 0; i < _tasks; i++)
        {
            if (envsPerTask[i].Count != copies)
                throw new ArgumentException($"Task {i} has {envsPerTask[i].Count} env copies, WorkersPerTask is {copies}.", nameof(envsPerTask));
            for (int w = 0; w < copies; w++) envs[i * copies + w] = envsPerTask[i][w];
        }
        _obsSize = envs[0].ObservationSpace.Size;
        _actionCount = envs[0].ActionSpace is Discrete d0
            ? d0.N
            : throw new ArgumentException($"ActorCriticDistral needs discrete actions; task 0 has {envs[0].ActionSpace}.", nameof(envsPerTask));
        for (int j = 1; j < envs.Length; j++)
        {
            if (envs[j].ObservationSpace.Size != _obsSize)
                throw new ArgumentException($"Env copy {j} has observation size {envs[j].ObservationSpace.Size}, task 0 has {_obsSize}.", nameof(envsPerTask));
            if (envs[j].ActionSpace is not Discrete d || d.N != _actionCount)
                throw new ArgumentException($"Env copy {j} has action space {envs[j].ActionSpace}, task 0 has Discrete({_actionCount}).", nameof(envsPerTask));
        }

        var root = new Rng(seed);
        var initRng = root.Fork(1);
        var actRng = root.Fork(2);
        var resetRng = root.Fork(3);
        _evalRng = root.Fork(4);
        torsoFactory ??= (obs, rng) => new MlpTorso(obs, options.HiddenSizes, rng);

        // ---- the shared networks, their RMSProp statistics and learning rates
        (_taskColumns, _shared, _h) = CreateColumns(torsoFactory, initRng);
        _allColumns = [.. _taskColumns, .. _shared is null ? Array.Empty<ActorCriticColumn>() : [_shared], .. _h is null ? Array.Empty<ActorCriticColumn>() : [_h]];
        _allParameters = [.. _allColumns.SelectMany(c => c.Parameters())];
        var statistics = _allColumns.Select(c => new RmsPropSharedState(c.Parameters())).ToArray();
        float LearningRate(ActorCriticColumn c) => ReferenceEquals(c, _h) ? options.DistilledLearningRate : options.TaskLearningRate;
        var networks = new List<(string, Module)>();
        if (_h is not null) networks.Add((options.HasKl ? "distilled" : "shared", _h));
        if (_shared is not null) networks.Add(("shared", _shared));
        for (int i = 0; i < _taskColumns.Length; i++) networks.Add(($"task{i}", _taskColumns[i]));
        _networks = [.. networks];

        // ---- workers
        if (options.WorkersMode == ActorCriticWorkersMode.Sync)
        {
            var optimizers = _allColumns.Select((c, k) => (Optimizer)new RmsProp(c.Parameters(), statistics[k], LearningRate(c),
                options.RmsPropDecay, options.RmsPropEpsilon)).ToArray();
            _workers = [new ActorCriticWorker(options, envs, [.. Enumerable.Range(0, _tasks)], copies,
                _taskColumns, _shared, _h, optimizers, null, actRng, resetRng, this)];
        }
        else
        {
            _asyncEpisodes = new ConcurrentQueue<(int, int, double)>();
            _workers = new ActorCriticWorker[envs.Length];
            // One set of local networks and one graph per worker thread, shared by the learners that thread runs one
            // after another (their values are refreshed before every unroll): a thread's working set then stays in its
            // core's cache instead of cycling through a copy per learner.
            int threadCount = AsyncThreadCount(options, envs.Length);
            var threadLocals = new (ActorCriticColumn[] Tasks, ActorCriticColumn? Shared, ActorCriticColumn? H, Graph Graph)[threadCount];
            for (int k = 0; k < threadCount; k++)
            {
                var (tasks, shared, h) = CreateColumns(torsoFactory, new Rng(0));
                threadLocals[k] = (tasks, shared, h, new Graph());
            }
            for (int j = 0; j < envs.Length; j++)
            {
                int task = j / copies;
                // Local copies of the networks this learner uses: its thread's (values are refreshed before every unroll).
                var (localTasks, localShared, localH, graph) = threadLocals[AsyncThreadOf(j, envs.Length, threadCount)];
                ActorCriticColumn[] mine = _shared is not null ? [] : [localTasks[task]];
                ActorCriticColumn[] sharedMine = [.. _shared is not null ? [_shared] : new[] { _taskColumns[task] }, .. _h is null ? Array.Empty<ActorCriticColumn>() : [_h]];
                ActorCriticColumn[] local = [.. mine, .. localShared is null ? Array.Empty<ActorCriticColumn>() : [localShared], .. localH is null ? Array.Empty<ActorCriticColumn>() : [localH]];
                var optimizers = new Optimizer[local.Length];
                for (int k = 0; k < local.Length; k++)
                {
                    int shared = Array.IndexOf(_allColumns, sharedMine[k]);
                    optimizers[k] = new RmsProp(_allColumns[shared].Parameters(), statistics[shared], LearningRate(_allColumns[shared]),
                        options.RmsPropDecay, options.RmsPropEpsilon, gradientSources: local[k].Parameters());
                }
                _workers[j] = new ActorCriticWorker(options, [envs[j]], [task], 1, mine, localShared, localH, optimizers,
                    sharedMine, actRng.Fork((ulong)j), resetRng.Fork((ulong)j), new AsyncSink(_asyncEpisodes), graph);
            }
        }

        _evalStates = new LstmState?[_allColumns.Length];
        for (int c = 0; c < _allColumns.Length; c++) _evalStates[c] = _allColumns[c].Torso.NewState(1);
        _episodesDone = new int[_tasks];
        _probs = new float[_actionCount];
        _row = new float[_actionCount];
        _evalObs = new float[_obsSize];
    }

    /// <summary>Worker threads of the async mode: the option, at most one per learner.</summary>
    private static int AsyncThreadCount(ActorCriticOptions options, int learners) => Math.Min(options.Threads, learners);

    /// <summary>
    /// First learner of thread <paramref name="thread"/>: threads run contiguous blocks of learners (copies of the same
    /// task are adjacent), so most task columns are updated by one thread only and their shared parameters and RMSProp
    /// statistics stay in that core's cache; only h and the columns of tasks split between two blocks move between cores.
    /// </summary>
    private static int AsyncBlockStart(int thread, int learners, int threads) => (int)((long)thread * learners / threads);

    private static int AsyncThreadOf(int learner, int learners, int threads)
    {
        int k = 0;
        while (AsyncBlockStart(k + 1, learners, threads) <= learner) k++;
        return k;
    }

    private (ActorCriticColumn[] Tasks, ActorCriticColumn? Shared, ActorCriticColumn? H) CreateColumns(Func<int, Rng, Torso> torso, Rng rng)
    {
        ActorCriticColumn[] tasks = [];
        ActorCriticColumn? shared = null, h = null;
        if (_options.Architecture == ActorCriticArchitecture.Shared)
        {
            shared = new ActorCriticColumn(torso(_obsSize, rng), _actionCount, _tasks, rng);
        }
        else
        {
            tasks = new ActorCriticColumn[_tasks];
            for (int i = 0; i < _tasks; i++) tasks[i] = new ActorCriticColumn(torso(_obsSize, rng), _actionCount, 1, rng);
        }
        if (_options.HasHColumn) h = new ActorCriticColumn(torso(_obsSize, rng), _actionCount, 0, rng);
        return (tasks, shared, h);
    }

    /// <summary>The options this agent was built with.</summary>
    public ActorCriticOptions Options => _options;

    /// <inheritdoc/>
    public string Algorithm => _options.Name;

    /// <inheritdoc/>
    public int TaskCount => _tasks;

    /// <summary>Number of discrete actions.</summary>
    public int ActionCount => _actionCount;

    /// <inheritdoc/>
    public long EnvSteps
    {
        get
        {
            long total = 0;
            foreach (var w in _workers) total += w.EnvSteps;
            return total;
        }
    }

    /// <summary>Updates made so far (all actor-learners together in async mode).</summary>
    public long Updates { get; private set; }

    /// <summary>Finished episodes of task <paramref name="task"/> over all its env copies.</summary>
    public int EpisodesDone(int task) => _episodesDone[task];

    /// <inheritdoc/>
    public bool HasDistilledPolicy => _options.HasKl;

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Module Network)> Networks => _networks;

    /// <summary>Every trainable parameter of the shared networks (tests, checkpoints).</summary>
    public IReadOnlyList<Tensor> Parameters => _allParameters;

    // ------------------------------------------------------------------ schedule

    /// <inheritdoc/>
    /// <remarks>Cancellation throws <see cref="OperationCanceledException"/> between updates.</remarks>
    public void Train(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (episodesPerTask < 0) throw new ArgumentOutOfRangeException(nameof(episodesPerTask), "Episodes per task must be >= 0.");
        if (_options.WorkersMode == ActorCriticWorkersMode.Async)
        {
            TrainAsync(episodesPerTask, observer, cancel);
            return;
        }
        _observer = observer;
        while (MinEpisodesDone() < episodesPerTask)
        {
            cancel.ThrowIfCancellationRequested();
            SyncUpdate();
        }
    }

    /// <summary>Runs exactly <paramref name="updates"/> synchronous updates (tests, benchmarks).</summary>
    public void RunUpdates(int updates, ITrainingObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (_options.WorkersMode != ActorCriticWorkersMode.Sync) throw new InvalidOperationException("RunUpdates needs the synchronous mode.");
        _observer = observer;
        for (int u = 0; u < updates; u++) SyncUpdate();
    }

    private void SyncUpdate()
    {
        _workers[0].Update();
        Updates++;
        if (++_updatesSinceReport >= DiagnosticsEvery) ReportDiagnostics(_observer!);
    }

    private int MinEpisodesDone()
    {
        int min = int.MaxValue;
        foreach (int e in _episodesDone) min = Math.Min(min, e);
        return min;
    }

    /// <inheritdoc/>
    void IEpisodeSink.OnEpisodeFinished(int task, int steps, double episodeReturn)
    {
        _observer!.OnEpisode(new EpisodeRecord(task, _episodesDone[task], steps, episodeReturn, EnvSteps));
        _episodesDone[task]++;
    }

    private void ReportDiagnostics(ITrainingObserver observer)
    {
        double count = 0, policy = 0, value = 0, distill = 0, entropy = 0;
        foreach (var w in _workers)
        {
            count += w.DiagnosticCount;
            policy += w.PolicyLossSum;
            value += w.ValueLossSum;
            distill += w.DistillLossSum;
            entropy += w.EntropySum;
            w.TakeDiagnostics();
        }
        _updatesSinceReport = 0;
        if (count == 0) return;
        long steps = EnvSteps;
        const int all = TrainingDiagnostic.SharedTask; // means over every task's workers
        observer.OnDiagnostic(new("ac/policy", DiagnosticKind.Loss, all, policy / count, steps));
        observer.OnDiagnostic(new("ac/value", DiagnosticKind.Loss, all, value / count, steps));
        if (_options.HasKl) observer.OnDiagnostic(new("ac/distill", DiagnosticKind.Loss, all, distill / count, steps));
        observer.OnDiagnostic(new("ac/entropy", DiagnosticKind.Statistic, all, entropy / count, steps));
    }

    // ------------------------------------------------------------------ asynchronous (A3C)

    private sealed class AsyncSink(ConcurrentQueue<(int, int, double)> queue) : IEpisodeSink
    {
        public void OnEpisodeFinished(int task, int steps, double episodeReturn) => queue.Enqueue((task, steps, episodeReturn));
    }

    /// <summary>
    /// Worker threads run their actor-learners round-robin until every task has the episodes; the calling thread
    /// numbers the finished episodes and reports them (and the diagnostics) to the observer.
    /// </summary>
    private void TrainAsync(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel)
    {
        if (MinEpisodesDone() >= episodesPerTask) return;
        Volatile.Write(ref _asyncMinEpisodes, MinEpisodesDone());
        int threadCount = AsyncThreadCount(_options, _workers.Length);
        long updates = 0;
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var threads = new Thread[threadCount];
        for (int k = 0; k < threadCount; k++)
        {
            int first = AsyncBlockStart(k, _workers.Length, threadCount), end = AsyncBlockStart(k + 1, _workers.Length, threadCount);
            threads[k] = new Thread(() =>
            {
                try
                {
                    long mine = 0;
                    while (!stop.IsCancellationRequested && Volatile.Read(ref _asyncMinEpisodes) < episodesPerTask)
                    {
                        for (int j = first; j < end; j++) _workers[j].Update();
                        mine += end - first;
                    }
                    Interlocked.Add(ref updates, mine);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    stop.Cancel();
                }
            }) { IsBackground = true, Name = $"a3c-worker-{k}" };
            threads[k].Start();
        }
        _observer = observer;
        while (threads.Any(t => t.IsAlive))
        {
            Thread.Sleep(5);
            DrainAsyncEpisodes(observer);
            if (++_updatesSinceReport >= DiagnosticsEvery) ReportDiagnostics(observer);
        }
        DrainAsyncEpisodes(observer);
        Updates += Interlocked.Read(ref updates);
        if (failure is not null) throw new InvalidOperationException($"An A3C worker failed: {failure.Message}", failure);
        cancel.ThrowIfCancellationRequested();
    }

    private void DrainAsyncEpisodes(ITrainingObserver observer)
    {
        while (_asyncEpisodes!.TryDequeue(out var e))
        {
            observer.OnEpisode(new EpisodeRecord(e.Task, _episodesDone[e.Task], e.Steps, e.Return, EnvSteps));
            _episodesDone[e.Task]++;
        }
        Volatile.Write(ref _asyncMinEpisodes, MinEpisodesDone());
    }

    // ------------------------------------------------------------------ evaluation

    /// <inheritdoc/>
    public void ResetActingState()
    {
        foreach (var s in _evalStates) s?.Reset();
    }

    /// <inheritdoc/>
    public int Act(int task, ReadOnlySpan<float> obs, bool greedy)
    {
        if ((uint)task >= (uint)_tasks) throw new ArgumentOutOfRangeException(nameof(task), $"Task {task} is outside [0, {_tasks}).");
        EvaluationLogits(task, obs, _row);
        if (greedy) return PolicyMath.ArgMax(_row);
        PolicyMath.Softmax(_row, _probs);
        return _evalRng.Categorical(_probs);
    }

    /// <inheritdoc/>
    public int ActDistilled(ReadOnlySpan<float> obs, bool greedy)
    {
        DistilledProbabilities(obs, _probs);
        return greedy ? PolicyMath.ArgMax(_probs) : _evalRng.Categorical(_probs);
    }

    /// <inheritdoc/>
    public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs)
    {
        if (!_options.HasKl) throw new InvalidOperationException($"'{Algorithm}' has no distilled policy (no KL term: alpha = 0).");
        if (probs.Length != _actionCount) throw new ArgumentException($"probs has length {probs.Length}, expected {_actionCount}.", nameof(probs));
        CheckObservation(obs);
        var g = _evalGraph;
        using (g.NoGrad())
        {
            var h = _h!.Evaluate(g, g.Input(new Shape(1, _obsSize), obs), _evalStates[^1], default).Logits;
            PolicyMath.Softmax(h.Span, probs);
        }
        g.Reset();
    }

    /// <summary>Logits of task <paramref name="task"/>'s policy at one observation (recurrent torsos use the evaluation state).</summary>
    private void EvaluationLogits(int task, ReadOnlySpan<float> obs, Span<float> logits)
    {
        CheckObservation(obs);
        obs.CopyTo(_evalObs);
        var g = _evalGraph;
        using (g.NoGrad())
        {
            var x = g.Input(new Shape(1, _obsSize), _evalObs);
            if (_shared is not null)
            {
                _shared.Evaluate(g, x, _evalStates[0], default).Logits.Span.CopyTo(logits);
            }
            else
            {
                var u = _taskColumns[task].Evaluate(g, x, _evalStates[task], default).Logits.Span;
                if (_options.Architecture == ActorCriticArchitecture.TwoColumn)
                {
                    var h = _h!.Evaluate(g, x, _evalStates[^1], default).Logits.Span;
                    for (int b = 0; b < _actionCount; b++) logits[b] = _options.PriorLogitWeight * h[b] + u[b];
                }
                else
                {
                    u.CopyTo(logits);
                }
            }
        }
        g.Reset();
    }

    private void CheckObservation(ReadOnlySpan<float> obs)
    {
        if (obs.Length != _obsSize) throw new ArgumentException($"Observation has {obs.Length} values, expected {_obsSize}.", nameof(obs));
    }
}
