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
public sealed partial class SoftQDistral : ITransferableAgent
{
    private readonly SoftQOptions _options;
    private readonly int _obsSize;
    private readonly int _actionCount;

    private readonly SoftQTask[] _tasks;
    private readonly Sequential? _distilled;
    private readonly (string, Module)[] _networks;
    private readonly SoftQLearner _learner;
    private readonly SoftQActor _actor;

    // Distillation sampling (calling thread, after the barrier) and evaluation (so that Act never perturbs training);
    // each task has its own acting, sampling and reset streams (SoftQTask).
    private readonly Rng _sampleRng;
    private readonly Rng _evalRng;

    // Scratch per thread: [0] serves the calling thread (distillation, evaluation, single-threaded rounds).
    private readonly SoftQWorkspace[] _workspaces;
    private readonly Action<int, int> _runTaskPhase;
    private TaskPhaseWorkers? _workers;

    private double _distillLossSum;
    private int _distillLossCount;

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
        _options = options;
        (_obsSize, _actionCount) = TaskSpaces.CommonDiscrete(envs, nameof(SoftQDistral), "Env", nameof(envs));

        // The order of the forks and of the network initialisations fixes every result bit: keep it.
        int n = envs.Count;
        var root = new Rng(seed);
        var initRng = root.Fork(1);
        var actRoot = root.Fork(2);
        _sampleRng = root.Fork(3);
        var resetRoot = root.Fork(4);
        _evalRng = root.Fork(5);
        var taskSampleRoot = root.Fork(6);

        int[] sizes = [_obsSize, .. options.HiddenSizes, _actionCount];
        var networks = new List<(string, Module)>();
        if (options.Distilled)
        {
            _distilled = Mlp.Create(sizes, Activation.LeakyRelu, initRng);
            networks.Add(("distilled", _distilled));
        }
        _tasks = new SoftQTask[n];
        for (int i = 0; i < n; i++)
        {
            var column = Mlp.Create(sizes, Activation.LeakyRelu, initRng);
            Sequential? target = null;
            if (options.TargetNetwork != TargetNetworkMode.None)
            {
                target = Mlp.Create(sizes, Activation.LeakyRelu, initRng);
                target.CopyParametersFrom(column);
            }
            _tasks[i] = new SoftQTask(i, envs[i], column, target, options.TaskLearningRate, options.ReplayCapacity,
                actRoot.Fork((ulong)i), taskSampleRoot.Fork((ulong)i), resetRoot.Fork((ulong)i));
            networks.Add(($"task{i}", column));
        }
        _networks = [.. networks];
        var distilledShard = _distilled is null ? null : Mlp.Create(sizes, Activation.LeakyRelu, root.Fork(7)); // weights are overwritten from h

        _workspaces = new SoftQWorkspace[Math.Min(options.Threads, n)];
        for (int w = 0; w < _workspaces.Length; w++) _workspaces[w] = new SoftQWorkspace(options.BatchSize, _obsSize, _actionCount, options.NSteps);
        _runTaskPhase = (task, worker) => EnvStepAndLearn(_tasks[task], _workspaces[worker]);

        var objective = new SoftQObjective(options);
        _learner = new SoftQLearner(options, objective, _tasks, _workspaces, Workers, _distilled, distilledShard, _sampleRng, _obsSize, _actionCount);
        _actor = new SoftQActor(options, objective, _distilled, _obsSize);
    }

    /// <summary>The options this agent was built with.</summary>
    public SoftQOptions Options => _options;

    /// <inheritdoc/>
    public string Algorithm => _options.Architecture;

    /// <inheritdoc/>
    public int TaskCount => _tasks.Length;

    /// <summary>Number of discrete actions.</summary>
    public int ActionCount => _actionCount;

    /// <inheritdoc/>
    public long EnvSteps { get; private set; }

    /// <summary>Finished episodes of task <paramref name="task"/>.</summary>
    public int EpisodesDone(int task) => _tasks[task].Episode.Done;

    /// <inheritdoc/>
    public bool HasDistilledPolicy => _distilled is not null;

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Module Network)> Networks => _networks;

    /// <summary>Replay buffer of task <paramref name="task"/> (read-only use: tests and diagnostics).</summary>
    internal ReplayBuffer Replay(int task) => _tasks[task].Replay;

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

    private TaskPhaseWorkers Workers() => _workers ??= new TaskPhaseWorkers(_workspaces.Length);

    /// <summary>
    /// One round: an env step and its soft-Q updates for every task (in parallel when Threads &gt; 1), then the
    /// episode reports in task order, then one distillation update.
    /// </summary>
    private void Round(ITrainingObserver observer)
    {
        int n = _tasks.Length;
        long roundStart = EnvSteps;
        if (_workspaces.Length == 1)
        {
            foreach (var task in _tasks) EnvStepAndLearn(task, _workspaces[0]);
        }
        else
        {
            Workers().Run(_runTaskPhase, n);
        }
        EnvSteps = roundStart + n;
        for (int i = 0; i < n; i++)
        {
            // Reported as a sequential round would: task i's step is the (i+1)-th of the round.
            if (_tasks[i].EpisodeEnded) FinishEpisode(_tasks[i], observer, roundStart + i + 1);
        }
        if (_distilled is not null && _options.PriorTrainable)
        {
            _distillLossSum += _learner.DistillationUpdate();
            _distillLossCount++;
        }
    }

    private int MinEpisodesDone()
    {
        int min = int.MaxValue;
        foreach (var task in _tasks) min = Math.Min(min, task.Episode.Done);
        return min;
    }

    /// <summary>
    /// The task phase of one task: one environment step (acting with exploration), its replay push, and its soft-Q
    /// updates. Writes only that task's state and reads h, so tasks may run concurrently.
    /// </summary>
    private void EnvStepAndLearn(SoftQTask task, SoftQWorkspace ws)
    {
        if (!task.Episode.Active) task.StartEpisode();

        int action = _actor.ExploringAction(task, ws);
        var step = task.Env.Step(action);
        task.Replay.Add(task.Observation, action, step.Reward, step.Observation, step.Terminated, step.Truncated, task.Episode.Steps);
        step.Observation.CopyTo(task.Observation);
        task.Episode.Record(step.Reward);

        if (task.Replay.Count >= _options.MinReplayToLearn)
        {
            for (int u = 0; u < _options.UpdatesPerStep; u++)
            {
                task.LossSum += _learner.SoftQUpdate(task, ws);
                task.LossCount++;
            }
        }
        task.EpisodeEnded = step.Done;
    }

    /// <summary>Reports a finished episode (calling thread, after the barrier); <paramref name="envSteps"/> is the total at its last step.</summary>
    private void FinishEpisode(SoftQTask task, ITrainingObserver observer, long envSteps)
    {
        int i = task.Index;
        task.EpisodeEnded = false;
        int episode = task.Episode.Done;
        observer.OnEpisode(task.Episode.Finish(i, envSteps));
        if (task.TakeMeanLoss() is double loss) observer.OnDiagnostic(new(SoftQLossName, DiagnosticKind.Loss, i, loss, envSteps));
        observer.OnDiagnostic(new(EpsilonName, DiagnosticKind.Schedule, i, SoftQActor.Epsilon(_options, episode), envSteps));
        if (i != 0) return;
        if (_distillLossCount > 0)
            observer.OnDiagnostic(new(DistillLossName, DiagnosticKind.Loss, TrainingDiagnostic.SharedTask, _distillLossSum / _distillLossCount, envSteps));
        (_distillLossSum, _distillLossCount) = (0, 0);
    }

    // ------------------------------------------------------------------ acting (evaluation)

    /// <inheritdoc/>
    public int Act(int task, ReadOnlySpan<float> obs, bool greedy)
    {
        if ((uint)task >= (uint)_tasks.Length) throw new ArgumentOutOfRangeException(nameof(task), $"Task {task} is outside [0, {_tasks.Length}).");
        var ws = _workspaces[0];
        _actor.ActingLogits(_tasks[task].Column, obs, ws.Logits, ws);
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
    public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs) => _actor.DistilledProbabilities(obs, probs, _workspaces[0]);

    // ------------------------------------------------------------------ transfer from a finished run

    /// <inheritdoc/>
    public Module? Prior => _distilled;

    /// <inheritdoc/>
    public void UsePrior(Module prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        if (_distilled is null) throw new InvalidOperationException($"'{Algorithm}' has no distilled policy to take a prior into.");
        NetworkTransfer.CopyAll(prior, _distilled, "the prior");
    }

    /// <inheritdoc/>
    public void InitialiseTrunks(IReadOnlyList<Linear> trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        // Every column of the new run starts from the trunk (the output layers stay fresh); target copies follow.
        if (_distilled is not null) NetworkTransfer.CopyTrunk(trunk, NetworkTransfer.HiddenLinears(_distilled), "pi_0's column");
        foreach (var task in _tasks)
        {
            NetworkTransfer.CopyTrunk(trunk, NetworkTransfer.HiddenLinears(task.Column), $"task {task.Index}'s column");
            task.Target?.CopyParametersFrom(task.Column);
        }
    }

    // ------------------------------------------------------------------ hooks for tests

    /// <summary>Soft Bellman targets of task i's first batch.Count rows (without gradients).</summary>
    internal void ComputeTargets(int i, NStepBatch batch, Span<float> targets) => _learner.ComputeTargets(_tasks[i], batch, targets, _workspaces[0].Graph);

    /// <summary>One soft-Q step of task i; returns the loss before the step.</summary>
    internal float SoftQUpdate(int i) => _learner.SoftQUpdate(_tasks[i], _workspaces[0]);

    /// <summary>One distillation step; returns its loss.</summary>
    internal float DistillationUpdate() => _learner.DistillationUpdate();
}
