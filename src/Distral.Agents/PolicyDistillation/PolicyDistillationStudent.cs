using Distral.Agents.Replay;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// A multitask student distilled from per-task teachers (Policy Distillation and Actor-Mimic, one family whose
/// variants are <see cref="PolicyDistillationOptions"/>). Each round every task takes one env step with the
/// collecting policy (the student's or the teacher's, epsilon-greedy) and stores the state in its own replay; then,
/// once every replay holds <see cref="PolicyDistillationOptions.MinReplayToLearn"/> states, the student takes
/// <see cref="PolicyDistillationOptions.UpdatesPerStep"/> Adam steps, each on one batch of every task (the tasks
/// interleaved evenly), with the loss of <see cref="PolicyDistillationObjective"/> summed over tasks.
/// <para>Student: a shared trunk (leaky ReLU after every hidden layer) and one linear head per task, or one head with
/// a one-hot task label appended to the observation. Actor-Mimic adds a linear map per task from the trunk's last
/// layer to the teacher's last hidden layer. Deterministic for a seed; single-threaded.</para>
/// </summary>
public sealed partial class PolicyDistillationStudent : IMultitaskAgent
{
    private readonly PolicyDistillationOptions _options;
    private readonly PolicyDistillationObjective _objective;
    private readonly StudentTask[] _tasks;
    private readonly int _obsSize, _inputSize, _actionCount, _hiddenSize;
    private readonly Sequential _trunk;
    private readonly Linear[] _heads;
    private readonly Linear[] _featureMaps;
    private readonly (string, Module)[] _networks;
    private readonly Adam _optimizer;
    private readonly Rng _sampleRng, _evalRng;
    private readonly Graph _graph = new();
    private readonly NStepBatch _batch = new();
    private readonly float[] _input, _q, _scratch, _logits, _probs;
    private readonly int[] _actions;
    private readonly Tensor[] _taskLosses;

    private const string LossName = "distill";
    private const string EpsilonName = "epsilon";

    /// <summary>
    /// A student for <paramref name="envs"/> (one teacher per env, same observation size and action count; wrap the envs
    /// in a TimeLimit yourself). <paramref name="seed"/> fixes everything. With <paramref name="check"/>, the student
    /// compares itself with its teachers every <see cref="PolicyDistillationOptions.TeacherCheckEvery"/> updates
    /// (<see cref="ReachedTeachers"/>).
    /// </summary>
    public PolicyDistillationStudent(IReadOnlyList<IEnv> envs, IReadOnlyList<ITeacher> teachers, PolicyDistillationOptions options, ulong seed,
        TeacherMatchCheck? check = null)
    {
        ArgumentNullException.ThrowIfNull(teachers);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_obsSize, _actionCount) = TaskSpaces.CommonDiscrete(envs, nameof(PolicyDistillationStudent), "Env", nameof(envs));
        if (teachers.Count != envs.Count) throw new ArgumentException($"{envs.Count} tasks but {teachers.Count} teachers.", nameof(teachers));
        for (int i = 0; i < teachers.Count; i++)
        {
            if (teachers[i].ObservationSize != _obsSize || teachers[i].ActionCount != _actionCount)
                throw new ArgumentException($"Teacher {i} reads {teachers[i].ObservationSize} observations and has {teachers[i].ActionCount} actions; "
                    + $"the tasks have {_obsSize} and {_actionCount}.", nameof(teachers));
        }
        if (check is not null)
        {
            if (check.Envs.Count != envs.Count) throw new ArgumentException($"{envs.Count} tasks but {check.Envs.Count} check envs.", nameof(check));
            TaskSpaces.CommonDiscrete([.. envs, .. check.Envs], nameof(PolicyDistillationStudent), "Env", nameof(check));
        }
        _check = check;
        _checkObs = new float[_obsSize];
        _options = options;
        _objective = new PolicyDistillationObjective(options);

        int n = envs.Count;
        var root = new Rng(seed);
        var initRng = root.Fork(1);
        var actRoot = root.Fork(2);
        var resetRoot = root.Fork(3);
        _sampleRng = root.Fork(4);
        _evalRng = root.Fork(5);
        _tasks = new StudentTask[n];
        for (int i = 0; i < n; i++)
            _tasks[i] = new StudentTask(i, envs[i], teachers[i], options.ReplayCapacity, actRoot.Fork((ulong)i), resetRoot.Fork((ulong)i));

        bool oneHot = options.Input == StudentInput.TaskOneHot;
        _inputSize = _obsSize + (oneHot ? n : 0);
        _hiddenSize = options.HiddenSizes[^1];
        _trunk = Mlp.Create([_inputSize, .. options.HiddenSizes], Activation.LeakyRelu, initRng, output: Activation.LeakyRelu);
        _heads = new Linear[oneHot ? 1 : n];
        for (int k = 0; k < _heads.Length; k++) _heads[k] = new Linear(_hiddenSize, _actionCount, initRng);
        _featureMaps = options.FeatureRegression ? new Linear[n] : [];
        for (int i = 0; i < _featureMaps.Length; i++) _featureMaps[i] = new Linear(_hiddenSize, teachers[i].FeatureSize, initRng);

        var networks = new List<(string, Module)> { ("trunk", _trunk) };
        for (int k = 0; k < _heads.Length; k++) networks.Add((oneHot ? "head" : $"head{k}", _heads[k]));
        for (int i = 0; i < _featureMaps.Length; i++) networks.Add(($"features{i}", _featureMaps[i]));
        _networks = [.. networks];
        _optimizer = new Adam([.. _networks.SelectMany(m => m.Item2.Parameters())], options.LearningRate);

        int batch = options.BatchSize;
        _batch.EnsureCapacity(batch, _obsSize, 1);
        _input = new float[batch * _inputSize];
        _q = new float[batch * _actionCount];
        _scratch = new float[batch * _actionCount];
        _actions = new int[batch];
        _logits = new float[_actionCount];
        _probs = new float[_actionCount];
        _taskLosses = new Tensor[n];
    }

    /// <summary>The options this student was built with.</summary>
    public PolicyDistillationOptions Options => _options;

    /// <inheritdoc/>
    public string Algorithm => _options.Name;

    /// <inheritdoc/>
    public int TaskCount => _tasks.Length;

    /// <inheritdoc/>
    public long EnvSteps { get; private set; }

    /// <summary>Student updates so far (each fits every task once).</summary>
    public long Updates { get; private set; }

    /// <summary>Trainable parameters of the student (trunk and heads; the feature maps are not counted).</summary>
    public int StudentParameterCount => _trunk.Parameters().Sum(p => p.Size) + _heads.Sum(h => h.Parameters().Sum(p => p.Size));

    /// <inheritdoc/>
    public bool HasDistilledPolicy => false;

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Module Network)> Networks => _networks;

    /// <inheritdoc/>
    /// <remarks>Cancellation throws <see cref="OperationCanceledException"/> between rounds; the agent stays consistent.</remarks>
    public void Train(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentOutOfRangeException.ThrowIfNegative(episodesPerTask);
        while (MinEpisodesDone() < episodesPerTask)
        {
            cancel.ThrowIfCancellationRequested();
            Round(observer);
        }
    }

    private int MinEpisodesDone()
    {
        int min = int.MaxValue;
        foreach (var task in _tasks) min = Math.Min(min, task.Episode.Done);
        return min;
    }

    /// <summary>One round: an env step of every task (episode reports in task order), the student's updates, maybe the teacher check.</summary>
    private void Round(ITrainingObserver observer)
    {
        foreach (var task in _tasks)
        {
            if (!task.Episode.Active) task.StartEpisode();
            int action = CollectingAction(task);
            var step = task.Env.Step(action);
            task.Replay.Add(task.Observation, action, step.Reward, step.Observation, step.Terminated, step.Truncated, task.Episode.Steps);
            step.Observation.CopyTo(task.Observation);
            task.Episode.Record(step.Reward);
            EnvSteps++;
            if (step.Done) FinishEpisode(task, observer);
        }
        if (!ReadyToLearn) return;
        long updatesBefore = Updates;
        for (int u = 0; u < _options.UpdatesPerStep; u++) Update();
        CheckTeachersAfter(updatesBefore, observer);
    }

    private void FinishEpisode(StudentTask task, ITrainingObserver observer)
    {
        int episode = task.Episode.Done;
        observer.OnEpisode(task.Episode.Finish(task.Index, EnvSteps));
        if (task.LossCount > 0) observer.OnDiagnostic(new(LossName, DiagnosticKind.Loss, task.Index, task.LossSum / task.LossCount, EnvSteps));
        observer.OnDiagnostic(new(EpsilonName, DiagnosticKind.Schedule, task.Index, Epsilon(episode), EnvSteps));
        (task.LossSum, task.LossCount) = (0, 0);
    }

    /// <summary>epsilon(episode) = end + (start - end) exp(-episode / decay), per task.</summary>
    public float Epsilon(int episode) =>
        _options.EpsilonEnd + (_options.EpsilonStart - _options.EpsilonEnd) * MathF.Exp(-episode / _options.EpsilonDecayEpisodes);

    private int CollectingAction(StudentTask task)
    {
        var rng = task.ActRng;
        if (rng.NextFloat() < Epsilon(task.Episode.Done)) return rng.NextInt(_actionCount);
        if (_options.Collector == StudentCollector.Teacher) return TeacherAction(task.Index, task.Observation);
        StudentLogits(task.Index, task.Observation, _logits);
        return PolicyMath.ArgMax(_logits);
    }

    // ------------------------------------------------------------------ the update

    /// <summary>True once every task's replay holds <see cref="PolicyDistillationOptions.MinReplayToLearn"/> states (updates can start).</summary>
    public bool ReadyToLearn
    {
        get
        {
            foreach (var task in _tasks) if (task.Replay.Count < _options.MinReplayToLearn) return false;
            return true;
        }
    }

    /// <summary>
    /// One Adam step on the sum over tasks of each task's loss on a batch of its replayed states; returns the total.
    /// <see cref="Train"/> calls it; public so that benchmarks can time updates alone (needs <see cref="ReadyToLearn"/>).
    /// </summary>
    public float Update()
    {
        if (!ReadyToLearn) throw new InvalidOperationException($"Every task's replay needs {_options.MinReplayToLearn} states before an update.");
        var g = _graph;
        int rows = _options.BatchSize, a = _actionCount;
        _optimizer.ZeroGrad();
        Tensor? total = null;
        var taskLosses = _taskLosses;
        foreach (var task in _tasks)
        {
            int i = task.Index;
            task.Replay.SampleNStep(_sampleRng, rows, 1, 1f, _batch);
            var obs = _batch.Observations.AsSpan(0, rows * _obsSize);
            Tensor features;
            using (g.NoGrad())
            {
                var teacherQ = task.Teacher.Forward(g, g.Input(new Shape(rows, _obsSize), obs), out var teacherFeatures);
                teacherQ.Span.CopyTo(_q);
                features = teacherFeatures;
            }
            var (z, hidden) = StudentForward(g, i, obs, rows);
            var loss = _objective.PolicyLoss(g, z, _q.AsSpan(0, rows * a), _scratch, _actions);
            if (_featureMaps.Length > 0)
            {
                var target = g.Input(features.Shape, features.Span);
                loss = g.Add(loss, _objective.FeatureLoss(g, _featureMaps[i].Forward(g, hidden), target));
            }
            taskLosses[i] = loss;
            total = total is null ? loss : g.Add(total, loss);
        }
        float value = total!.Item();
        for (int i = 0; i < _tasks.Length; i++)
        {
            _tasks[i].LossSum += taskLosses[i].Item();
            _tasks[i].LossCount++;
        }
        g.Backward(total);
        _optimizer.Step();
        g.Reset();
        Updates++;
        return value;
    }

    /// <summary>The student's outputs z [rows, A] for task <paramref name="task"/> and its trunk's last layer [rows, H].</summary>
    private (Tensor Outputs, Tensor Hidden) StudentForward(Graph g, int task, ReadOnlySpan<float> obs, int rows)
    {
        Tensor x;
        if (_options.Input == StudentInput.TaskOneHot)
        {
            var input = _input.AsSpan(0, rows * _inputSize);
            input.Clear();
            for (int r = 0; r < rows; r++)
            {
                obs.Slice(r * _obsSize, _obsSize).CopyTo(input.Slice(r * _inputSize, _obsSize));
                input[r * _inputSize + _obsSize + task] = 1f;
            }
            x = g.Input(new Shape(rows, _inputSize), input);
        }
        else
        {
            x = g.Input(new Shape(rows, _obsSize), obs);
        }
        var hidden = _trunk.Forward(g, x);
        var head = _heads[_heads.Length == 1 ? 0 : task];
        return (head.Forward(g, hidden), hidden);
    }

    // ------------------------------------------------------------------ acting

    /// <summary>The student's outputs for one observation of task <paramref name="task"/> (no gradient).</summary>
    public void StudentLogits(int task, ReadOnlySpan<float> obs, Span<float> logits)
    {
        CheckTask(task, obs);
        var g = _graph;
        using (g.NoGrad()) StudentForward(g, task, obs, 1).Outputs.Span.CopyTo(logits);
        g.Reset();
    }

    /// <summary>The teacher's greedy action for one observation of task <paramref name="task"/>.</summary>
    public int TeacherAction(int task, ReadOnlySpan<float> obs)
    {
        CheckTask(task, obs);
        var g = _graph;
        int action;
        using (g.NoGrad()) action = PolicyMath.ArgMax(_tasks[task].Teacher.Forward(g, g.Input(new Shape(1, _obsSize), obs), out _).Span);
        g.Reset();
        return action;
    }

    /// <inheritdoc/>
    public int Act(int task, ReadOnlySpan<float> obs, bool greedy)
    {
        StudentLogits(task, obs, _logits);
        if (greedy) return PolicyMath.ArgMax(_logits);
        PolicyMath.Softmax(_logits, _probs);
        return _evalRng.Categorical(_probs);
    }

    /// <inheritdoc/>
    public int ActDistilled(ReadOnlySpan<float> obs, bool greedy) =>
        throw new InvalidOperationException($"'{Algorithm}' has no distilled policy pi_0: the student acts per task (Act).");

    /// <inheritdoc/>
    public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs) =>
        throw new InvalidOperationException($"'{Algorithm}' has no distilled policy pi_0: the student acts per task (Act).");

    private void CheckTask(int task, ReadOnlySpan<float> obs)
    {
        if ((uint)task >= (uint)_tasks.Length) throw new ArgumentOutOfRangeException(nameof(task), $"Task {task} is outside [0, {_tasks.Length}).");
        if (obs.Length != _obsSize) throw new ArgumentException($"Observation has {obs.Length} values, expected {_obsSize}.", nameof(obs));
    }
}
