using System.Collections.Concurrent;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// Distral with actor-critic (paper eqs. 9-10): the seven algorithms of the paper as one agent configured by
/// <see cref="ActorCriticOptions"/>. The loss, term by term, is <see cref="ActorCriticObjective"/>; this type builds
/// the networks and composes the learners (<see cref="ActorCriticLearners"/>: rollouts by <see cref="ActorCriticActor"/>,
/// updates by <see cref="ActorCriticLearner"/>), counts and reports episodes and diagnostics, and acts for evaluation.
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

    // The shared networks (task columns f_i or one shared network, h when there is a KL term or 2col), as the sync
    // learner sees them: every task, W rows each.
    private readonly ActorCriticNetworks _columns;
    private readonly ActorCriticColumn[] _allColumns;   // task columns (or shared), then h
    private readonly (string, Module)[] _networks;

    private readonly ActorCriticLearner[] _learners;    // sync: one learner over every row; async: one per env copy
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
        var envs = EnvCopies(envsPerTask, options.WorkersPerTask, out _obsSize, out _actionCount);

        var root = new Rng(seed);
        var initRng = root.Fork(1);
        var actRng = root.Fork(2);
        var resetRng = root.Fork(3);
        _evalRng = root.Fork(4);
        torsoFactory ??= (obs, rng) => new MlpTorso(obs, options.HiddenSizes, rng);

        // ---- the shared networks and their RMSProp statistics
        var (taskColumns, shared, h) = ActorCriticNetworks.CreateColumns(options, _obsSize, _actionCount, _tasks, torsoFactory, initRng);
        _columns = new ActorCriticNetworks(options, taskColumns, shared, h, [.. Enumerable.Range(0, _tasks)], options.WorkersPerTask,
            options.UnrollLength + 1);
        _allColumns = _columns.Columns;
        var statistics = _allColumns.Select(c => new RmsPropSharedState(c.Parameters())).ToArray();
        var networks = new List<(string, Module)>();
        if (h is not null) networks.Add((options.HasKl ? "distilled" : "shared", h));
        if (shared is not null) networks.Add(("shared", shared));
        for (int i = 0; i < taskColumns.Length; i++) networks.Add(($"task{i}", taskColumns[i]));
        _networks = [.. networks];

        // ---- learners
        if (options.WorkersMode == ActorCriticWorkersMode.Sync)
        {
            _learners = ActorCriticLearners.Synchronous(options, envs, _columns, statistics, actRng, resetRng, this);
        }
        else
        {
            _asyncEpisodes = new ConcurrentQueue<(int, int, double)>();
            _learners = ActorCriticLearners.Asynchronous(options, envs, _columns, statistics,
                () => ActorCriticNetworks.CreateColumns(options, _obsSize, _actionCount, _tasks, torsoFactory, new Rng(0)),
                actRng, resetRng, _asyncEpisodes);
        }

        _evalStates = new LstmState?[_allColumns.Length];
        for (int c = 0; c < _allColumns.Length; c++) _evalStates[c] = _allColumns[c].Torso.NewState(1);
        _episodesDone = new int[_tasks];
        _probs = new float[_actionCount];
        _row = new float[_actionCount];
        _evalObs = new float[_obsSize];
    }

    // The env copies task-major (task i's W copies at i*W ..), checked for one observation size and discrete action count.
    private static IEnv[] EnvCopies(IReadOnlyList<IReadOnlyList<IEnv>> envsPerTask, int copies, out int obsSize, out int actionCount)
    {
        var envs = new IEnv[envsPerTask.Count * copies];
        for (int i = 0; i < envsPerTask.Count; i++)
        {
            if (envsPerTask[i].Count != copies)
                throw new ArgumentException($"Task {i} has {envsPerTask[i].Count} env copies, WorkersPerTask is {copies}.", nameof(envsPerTask));
            for (int w = 0; w < copies; w++) envs[i * copies + w] = envsPerTask[i][w];
        }
        (obsSize, actionCount) = TaskSpaces.CommonDiscrete(envs, nameof(ActorCriticDistral), "Env copy", nameof(envsPerTask));
        return envs;
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
            foreach (var learner in _learners) total += learner.Actor.EnvSteps;
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
    public IReadOnlyList<Tensor> Parameters => _columns.Parameters;

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
        _learners[0].Update();
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
        foreach (var learner in _learners)
        {
            count += learner.DiagnosticCount;
            policy += learner.PolicyLossSum;
            value += learner.ValueLossSum;
            distill += learner.DistillLossSum;
            entropy += learner.EntropySum;
            learner.TakeDiagnostics();
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

    /// <summary>
    /// Worker threads run their actor-learners round-robin until every task has the episodes; the calling thread
    /// numbers the finished episodes and reports them (and the diagnostics) to the observer.
    /// </summary>
    private void TrainAsync(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel)
    {
        if (MinEpisodesDone() >= episodesPerTask) return;
        Volatile.Write(ref _asyncMinEpisodes, MinEpisodesDone());
        _observer = observer;
        var (updates, failure) = ActorCriticLearners.RunOnThreads(_learners, ActorCriticLearners.ThreadCount(_options, _learners.Length),
            () => Volatile.Read(ref _asyncMinEpisodes) < episodesPerTask,
            () =>
            {
                DrainAsyncEpisodes(observer);
                if (++_updatesSinceReport >= DiagnosticsEvery) ReportDiagnostics(observer);
            },
            cancel);
        DrainAsyncEpisodes(observer);
        Updates += updates;
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
            var h = _columns.H!.Evaluate(g, g.Input(new Shape(1, _obsSize), obs), _evalStates[^1], default).Logits;
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
            if (_columns.Shared is not null)
            {
                _columns.Shared.Evaluate(g, x, _evalStates[0], default).Logits.Span.CopyTo(logits);
            }
            else
            {
                var u = _columns.TaskColumns[task].Evaluate(g, x, _evalStates[task], default).Logits.Span;
                if (_options.Architecture == ActorCriticArchitecture.TwoColumn)
                {
                    // The column's output u_i is beta f_i already: the 2col logits w_h h + 1 * u_i.
                    var h = _columns.H!.Evaluate(g, x, _evalStates[^1], default).Logits.Span;
                    PolicyMath.TwoColumnLogits(h, u, _options.PriorLogitWeight, 1f, logits);
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
