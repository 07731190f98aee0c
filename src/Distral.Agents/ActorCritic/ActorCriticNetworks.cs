using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The columns one learner computes with and their batched forward over rollout rows of some tasks (global ids),
/// W copies each: task columns f_i (Separate, TwoColumn) or one shared network (Shared), and h when there is a KL
/// term or 2col. <see cref="Columns"/> lists them in a fixed order: task columns (or shared), then h. An async
/// learner's networks are thread-local copies of the shared ones, refreshed before every unroll. A frozen h
/// (<see cref="ActorCriticOptions.PriorTrainable"/> false) is evaluated without gradient recording and is not among
/// <see cref="TrainableColumns"/>.
/// </summary>
internal sealed class ActorCriticNetworks
{
    private readonly ActorCriticArchitecture _architecture;
    private readonly float _priorLogitWeight;
    private readonly int _workers;
    private readonly TaskRows[] _taskRows;

    // Where local task i's rows sit in the time-major rollout (t*M + i*W + w for the row t*W + w of the task).
    private sealed class TaskRows(int steps, int workers, int localTask, int globalTask, int rows)
    {
        public readonly int[] Rows = RowsOf(steps, workers, localTask, rows);
        public readonly int[] TaskIndex = Enumerable.Repeat(globalTask, steps * workers).ToArray();
        public readonly bool[] Starts = new bool[steps * workers];

        private static int[] RowsOf(int steps, int workers, int localTask, int rows)
        {
            var result = new int[steps * workers];
            for (int t = 0; t < steps; t++)
                for (int w = 0; w < workers; w++) result[t * workers + w] = t * rows + localTask * workers + w;
            return result;
        }
    }

    /// <summary>
    /// Networks for tasks <paramref name="taskIds"/> with <paramref name="workersPerTask"/> rows each, over up to
    /// <paramref name="maxSteps"/> time-major steps per forward.
    /// </summary>
    public ActorCriticNetworks(ActorCriticOptions options, ActorCriticColumn[] taskColumns, ActorCriticColumn? shared,
        ActorCriticColumn? h, int[] taskIds, int workersPerTask, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(options);
        _architecture = options.Architecture;
        _priorLogitWeight = options.PriorLogitWeight;
        TaskColumns = taskColumns;
        Shared = shared;
        H = h;
        Columns = [.. taskColumns, .. shared is null ? Array.Empty<ActorCriticColumn>() : [shared], .. h is null ? Array.Empty<ActorCriticColumn>() : [h]];
        Parameters = [.. Columns.SelectMany(c => c.Parameters())];
        HFrozen = h is not null && !options.PriorTrainable;
        TrainableColumns = HFrozen ? Columns[..^1] : Columns;
        TrainableParameters = [.. TrainableColumns.SelectMany(c => c.Parameters())];
        TaskIds = taskIds;
        _workers = workersPerTask;
        Rows = taskIds.Length * workersPerTask;
        _taskRows = new TaskRows[taskIds.Length];
        for (int i = 0; i < taskIds.Length; i++) _taskRows[i] = new TaskRows(maxSteps, workersPerTask, i, taskIds[i], Rows);
    }

    /// <summary>
    /// Fresh columns for every one of <paramref name="tasks"/> tasks, initialised from <paramref name="rng"/> in order:
    /// the shared network or the task columns, then h.
    /// </summary>
    public static (ActorCriticColumn[] Tasks, ActorCriticColumn? Shared, ActorCriticColumn? H) CreateColumns(ActorCriticOptions options,
        int observationSize, int actionCount, int tasks, Func<int, Rng, Torso> torso, Rng rng)
    {
        ActorCriticColumn[] taskColumns = [];
        ActorCriticColumn? shared = null, h = null;
        if (options.Architecture == ActorCriticArchitecture.Shared)
        {
            shared = new ActorCriticColumn(torso(observationSize, rng), actionCount, tasks, rng);
        }
        else
        {
            taskColumns = new ActorCriticColumn[tasks];
            for (int i = 0; i < tasks; i++) taskColumns[i] = new ActorCriticColumn(torso(observationSize, rng), actionCount, 1, rng);
        }
        if (options.HasHColumn) h = new ActorCriticColumn(torso(observationSize, rng), actionCount, 0, rng);
        return (taskColumns, shared, h);
    }

    /// <summary>The local task columns (empty with the Shared architecture).</summary>
    public ActorCriticColumn[] TaskColumns { get; }

    /// <summary>The network of every task (Shared architecture), or null.</summary>
    public ActorCriticColumn? Shared { get; }

    /// <summary>The distilled / shared column h, or null.</summary>
    public ActorCriticColumn? H { get; }

    /// <summary>Task columns (or shared), then h.</summary>
    public ActorCriticColumn[] Columns { get; }

    /// <summary>Every parameter of <see cref="Columns"/>, in order.</summary>
    public Tensor[] Parameters { get; }

    /// <summary>True when h exists and is frozen (no gradient, no optimizer).</summary>
    public bool HFrozen { get; }

    /// <summary>The columns that learn: <see cref="Columns"/> without a frozen h.</summary>
    public ActorCriticColumn[] TrainableColumns { get; }

    /// <summary>Every parameter of <see cref="TrainableColumns"/>, in order: the gradients that are clipped and applied.</summary>
    public Tensor[] TrainableParameters { get; }

    /// <summary>Global ids of the local tasks.</summary>
    public int[] TaskIds { get; }

    /// <summary>Rows per step: tasks x W.</summary>
    public int Rows { get; }

    /// <summary>One recurrent state per column (null for feed-forward torsos): W rows for a task column, all rows otherwise.</summary>
    public LstmState?[] NewStates()
    {
        var states = new LstmState?[Columns.Length];
        for (int c = 0; c < Columns.Length; c++)
        {
            var torso = Columns[c].Torso;
            if (torso.IsRecurrent) states[c] = torso.NewState(c < TaskColumns.Length ? _workers : Rows);
        }
        return states;
    }

    /// <summary>
    /// One batched forward of every column over <paramref name="steps"/> time-major steps of all rows
    /// (<paramref name="x"/> [steps*M, obs]) from <paramref name="states"/> (updated), into <paramref name="outputs"/>.
    /// </summary>
    public void Forward(Graph g, Tensor x, int steps, LstmState?[] states, ReadOnlySpan<bool> starts, ActorCriticOutputs outputs)
    {
        int hIndex = Columns.Length - 1;
        if (H is null) outputs.HLogits = null;
        else if (!HFrozen) outputs.HLogits = H.Evaluate(g, x, states[hIndex], starts).Logits;
        else
        {
            // A frozen h is a constant of the loss: nothing flows back into it (nor is its backward computed).
            using (g.NoGrad()) outputs.HLogits = H.Evaluate(g, x, states[hIndex], starts).Logits;
        }
        if (Shared is not null)
        {
            var (logits, values) = Shared.Evaluate(g, x, states[0], starts);
            for (int i = 0; i < _taskRows.Length; i++)
            {
                var rows = _taskRows[i].Rows.AsSpan(0, steps * _workers);
                outputs.TaskLogits[i] = g.IndexSelect(logits, rows);
                outputs.Values[i] = g.Gather(g.IndexSelect(values!, rows), _taskRows[i].TaskIndex.AsSpan(0, steps * _workers));
            }
            return;
        }
        for (int i = 0; i < _taskRows.Length; i++)
        {
            var rows = _taskRows[i].Rows.AsSpan(0, steps * _workers);
            var taskStarts = _taskRows[i].Starts.AsSpan(0, steps * _workers);
            for (int r = 0; r < rows.Length; r++) taskStarts[r] = starts[rows[r]];
            var (u, values) = TaskColumns[i].Evaluate(g, g.IndexSelect(x, rows), states[i], taskStarts);
            outputs.Values[i] = g.Reshape(values!, new Shape(rows.Length));
            // 2col: logits w_h h + beta f_i with the column's output u_i = beta f_i (see ActorCriticDistral).
            outputs.TaskLogits[i] = _architecture == ActorCriticArchitecture.TwoColumn
                ? g.Add(g.MulScalar(g.IndexSelect(outputs.HLogits!, rows), _priorLogitWeight), u)
                : u;
        }
    }
}
