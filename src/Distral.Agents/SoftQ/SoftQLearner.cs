using Distral.Agents.Replay;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>
/// The updates of the soft-Q family: a regression step of a task column f_i toward its soft Bellman targets
/// (replay sampling, target network, Adam, clamp), and the distillation step of the distilled column h over every
/// task's replay. The losses themselves come from <see cref="SoftQObjective"/>.
/// <para>The distillation rows of all tasks are stacked and split in two halves whose gradients are computed
/// separately (in parallel when there are worker threads: the second half into a copy of h) and added in a fixed
/// order, so the result does not depend on the thread count.</para>
/// </summary>
internal sealed class SoftQLearner
{
    private readonly SoftQOptions _options;
    private readonly SoftQObjective _objective;
    private readonly SoftQTask[] _tasks;
    private readonly SoftQWorkspace[] _workspaces;
    private readonly Func<TaskPhaseWorkers> _workers;
    private readonly int _obsSize, _actionCount;

    private readonly Sequential? _distilled;
    private readonly Adam? _distilledOptimizer;
    private readonly IReadOnlyList<Tensor> _distilledParameters = [];

    // A copy of h (weights refreshed before each distillation step) that takes the gradient of the second half of
    // the rows, so the two halves can run on two threads without sharing gradient buffers. Scratch, not state.
    private readonly Sequential? _distilledShard;
    private readonly IReadOnlyList<Tensor> _distilledShardParameters = [];
    private readonly float[] _shardLoss = new float[DistillShards];
    private readonly Action<int, int> _runDistillShard;
    private int _distillRows;
    private const int DistillShards = 2;

    // Preallocated distillation batch: every task's rows stacked.
    private readonly Rng _sampleRng;
    private readonly float[] _distObs;
    private readonly int[] _distActions;
    private readonly float[] _distWeights;
    private readonly float[] _distTaskProbs;
    private readonly int[] _distStart;
    private readonly int[] _distCount;
    private readonly float[] _gammaPowers; // gamma^t for t < GammaPowerCount: the same bits as MathF.Pow, without its cost per row
    private const int GammaPowerCount = 4096;

    public SoftQLearner(SoftQOptions options, SoftQObjective objective, SoftQTask[] tasks, SoftQWorkspace[] workspaces,
        Func<TaskPhaseWorkers> workers, Sequential? distilled, Sequential? distilledShard, Rng sampleRng, int obsSize, int actionCount)
    {
        (_options, _objective, _tasks, _workspaces, _workers) = (options, objective, tasks, workspaces, workers);
        (_obsSize, _actionCount, _sampleRng) = (obsSize, actionCount, sampleRng);
        _distilled = distilled;
        if (distilled is not null)
        {
            _distilledParameters = distilled.Parameters();
            _distilledOptimizer = new Adam(_distilledParameters, options.DistilledLearningRate);
            _distilledShard = distilledShard;
            _distilledShardParameters = distilledShard!.Parameters();
        }
        _runDistillShard = DistillShard;

        int n = tasks.Length, batch = options.BatchSize;
        _distObs = new float[n * batch * obsSize];
        _distActions = new int[n * batch];
        _distWeights = new float[n * batch];
        _distTaskProbs = new float[n * batch * actionCount];
        _distStart = new int[n];
        _distCount = new int[n];
        _gammaPowers = new float[GammaPowerCount];
        for (int t = 0; t < GammaPowerCount; t++) _gammaPowers[t] = MathF.Pow(options.Gamma, t);
    }

    /// <summary>The Adam optimizer of h (null without a distilled column).</summary>
    public Adam? DistilledOptimizer => _distilledOptimizer;

    // ------------------------------------------------------------------ soft-Q step on theta_i

    /// <summary>
    /// Writes y for the batch's rows with V_i from task i's target column (or its online one) and the current pi_0,
    /// computed without gradients.
    /// </summary>
    public void ComputeTargets(SoftQTask task, NStepBatch batch, Span<float> targets, Graph g)
    {
        int rows = batch.Count, m = batch.IntermediateCount;
        var column = task.Target ?? task.Column;
        using (g.NoGrad())
        {
            var next = g.Input(new Shape(rows, _obsSize), batch.NextObservations.AsSpan(0, rows * _obsSize));
            var fNext = column.Forward(g, next);
            var hNext = _distilled?.Forward(g, next);
            Tensor? fs = null, hs = null;
            if (m > 0)
            {
                var xs = g.Input(new Shape(m, _obsSize), batch.IntermediateObservations.AsSpan(0, m * _obsSize));
                fs = column.Forward(g, xs);
                hs = _distilled?.Forward(g, xs);
            }
            _objective.Targets(g, batch, fNext, hNext, fs, hs, targets);
        }
    }

    /// <summary>One regression step of f_i toward the soft Bellman targets; returns the loss before the step.</summary>
    public float SoftQUpdate(SoftQTask task, SoftQWorkspace ws)
    {
        int rows = _options.BatchSize;
        var batch = ws.Batch;
        task.Replay.SampleNStep(task.SampleRng, rows, _options.NSteps, _options.Gamma, batch);
        var g = ws.Graph;
        ComputeTargets(task, batch, ws.Targets, g);

        var s = g.Input(new Shape(rows, _obsSize), batch.Observations.AsSpan(0, rows * _obsSize));
        var loss = _objective.TdLoss(g, task.Column.Forward(g, s), batch.Actions.AsSpan(0, rows), ws.Targets);
        float value = loss.Item();

        task.Optimizer.ZeroGrad();
        g.Backward(loss);
        if (_options.GradientClipValue > 0) GradientClipping.ClipGradValue(task.Parameters, _options.GradientClipValue);
        task.Optimizer.Step();
        g.Reset();

        task.Updates++;
        UpdateTarget(task);
        return value;
    }

    private void UpdateTarget(SoftQTask task)
    {
        switch (_options.TargetNetwork)
        {
            case TargetNetworkMode.Hard when task.Updates % _options.TargetUpdatePeriod == 0:
                task.Target!.CopyParametersFrom(task.Column);
                break;
            case TargetNetworkMode.Polyak:
                task.Target!.SoftUpdateFrom(task.Column, _options.TargetTau);
                break;
        }
    }

    // ------------------------------------------------------------------ distillation step on theta_0

    /// <summary>
    /// One step on theta_0 of the distillation loss over m_i = min(batch, |B_i|) replayed rows of every task (the
    /// objective's sampled or expected form, pi_i the task's acting policy held fixed). Returns the loss.
    /// </summary>
    public float DistillationUpdate()
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
            _workers().Run(_runDistillShard, DistillShards);
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
        var h = net.Forward(g, x);
        Tensor loss;
        if (_options.DistillationLoss == DistillationLossKind.Sampled)
        {
            var w = g.Input(new Shape(count), _distWeights.AsSpan(start, count));
            loss = _objective.DistillationSampled(g, h, _distActions.AsSpan(start, count), w);
        }
        else
        {
            var w = g.Input(new Shape(count, _actionCount), _distTaskProbs.AsSpan(start * _actionCount, count * _actionCount));
            loss = _objective.DistillationExpected(g, h, w);
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
        foreach (var task in _tasks)
        {
            int i = task.Index, m = Math.Min(_options.BatchSize, task.Replay.Count);
            _distStart[i] = rows;
            _distCount[i] = m;
            if (m == 0) continue;
            task.Replay.SampleNStep(_sampleRng, m, 1, _options.Gamma, batch);
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
            foreach (var task in _tasks)
            {
                int start = _distStart[task.Index], m = _distCount[task.Index];
                if (m == 0) continue;
                var f = task.Column.Forward(g, g.Narrow(x, 0, start, m)).Span;
                for (int r = 0; r < m; r++)
                {
                    int row = start + r;
                    var probs = _distTaskProbs.AsSpan(row * a, a);
                    _objective.ActingLogits(f.Slice(r * a, a), hValues.Slice(row * a, a), ws.Logits);
                    PolicyMath.Softmax(ws.Logits, probs);
                    float w = _distWeights[row];
                    for (int k = 0; k < a; k++) probs[k] *= w;
                }
            }
        }
        g.Reset();
    }
}
