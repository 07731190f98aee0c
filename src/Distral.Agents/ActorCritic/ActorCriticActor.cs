using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The acting half of a learner: steps its env copies (rows j = localTask*W + w) with actions sampled from the task
/// policies, records an unroll into an <see cref="ActorCriticRollout"/>, keeps the episodes in progress (observation,
/// recurrent acting state, step count and return of every copy) across unrolls, and reports finished episodes.
/// </summary>
internal sealed class ActorCriticActor
{
    private readonly ActorCriticNetworks _networks;
    private readonly Graph _graph;
    private readonly IEpisodeSink _sink;
    private readonly int _workers, _rows, _obsSize, _actionCount;
    private readonly ActorCriticOutputs _outputs;
    private readonly LstmState?[] _probeStates;
    private readonly float[] _finalObs, _probs;
    private readonly bool[] _noStarts;

    /// <summary>One env copy: its episode in progress (the observation and start flag live in the batched arrays).</summary>
    internal sealed class EnvCopy(IEnv env, int task)
    {
        /// <summary>The environment.</summary>
        public IEnv Env { get; } = env;

        /// <summary>Global id of the task it runs.</summary>
        public int Task { get; } = task;

        /// <summary>The episode in progress: its steps and undiscounted return (finished episodes are counted per task by the agent).</summary>
        public EpisodeProgress Episode { get; } = new();
    }

    /// <summary>
    /// Acts in <paramref name="envs"/> (W copies per task of <paramref name="networks"/>, task-major) with the networks,
    /// drawing actions from <paramref name="actRng"/> and reset seeds from <paramref name="resetRng"/>.
    /// </summary>
    public ActorCriticActor(ActorCriticNetworks networks, IEnv[] envs, int workersPerTask, Graph graph, Rng actRng, Rng resetRng, IEpisodeSink sink)
    {
        _networks = networks;
        _graph = graph;
        _sink = sink;
        _workers = workersPerTask;
        _rows = networks.Rows;
        if (envs.Length != _rows) throw new ArgumentException($"{envs.Length} env copies for {_rows} rows.", nameof(envs));
        _obsSize = envs[0].ObservationSpace.Size;
        _actionCount = ((Discrete)envs[0].ActionSpace).N;
        Copies = [.. envs.Select((env, j) => new EnvCopy(env, networks.TaskIds[j / workersPerTask]))];
        ActRng = actRng;
        ResetRng = resetRng;
        _outputs = new ActorCriticOutputs(networks.TaskIds.Length);
        ActingStates = networks.NewStates();
        _probeStates = networks.NewStates();
        CurrentObservations = new float[_rows * _obsSize];
        CurrentStarts = new bool[_rows];
        _finalObs = new float[_rows * _obsSize];
        _noStarts = new bool[_rows];
        _probs = new float[_actionCount];
    }

    /// <summary>The env copies, row order.</summary>
    public EnvCopy[] Copies { get; }

    /// <summary>Draws the actions.</summary>
    public Rng ActRng { get; }

    /// <summary>Draws the env reset seeds.</summary>
    public Rng ResetRng { get; }

    /// <summary>The current observation of every copy, [M, obs].</summary>
    public float[] CurrentObservations { get; }

    /// <summary>True where the current observation begins an episode, [M].</summary>
    public bool[] CurrentStarts { get; }

    /// <summary>The recurrent acting state of every column (carried across unrolls).</summary>
    public LstmState?[] ActingStates { get; }

    /// <summary>False until every copy has been reset (and again after a checkpoint restores no episodes in progress).</summary>
    public bool Started { get; set; }

    /// <summary>Environment steps taken.</summary>
    public long EnvSteps { get; set; }

    /// <summary>Resets every copy if not yet started.</summary>
    public void EnsureStarted()
    {
        if (Started) return;
        for (int j = 0; j < Copies.Length; j++) ResetCopy(j);
        Started = true;
    }

    /// <summary>Unrolls every copy <see cref="ActorCriticRollout.Steps"/> steps into <paramref name="rollout"/>, plus the observations after.</summary>
    public void Unroll(ActorCriticRollout rollout)
    {
        int n = rollout.Steps;
        for (int t = 0; t < n; t++) ActStep(rollout, t);
        CurrentObservations.CopyTo(rollout.Observations.AsSpan(n * _rows * _obsSize));
        CurrentStarts.CopyTo(rollout.EpisodeStarts.AsSpan(n * _rows));
    }

    private void ResetCopy(int j)
    {
        var copy = Copies[j];
        copy.Episode.Start(copy.Env, ResetRng, CurrentObservations.AsSpan(j * _obsSize, _obsSize));
        CurrentStarts[j] = true;
    }

    /// <summary>Step t of the unroll: sample every row's action from its task policy, step the envs, record.</summary>
    private void ActStep(ActorCriticRollout rollout, int t)
    {
        int m = _rows;
        CurrentObservations.CopyTo(rollout.Observations.AsSpan(t * m * _obsSize, m * _obsSize));
        CurrentStarts.CopyTo(rollout.EpisodeStarts.AsSpan(t * m, m));

        var g = _graph;
        using (g.NoGrad())
        {
            _networks.Forward(g, g.Input(new Shape(m, _obsSize), CurrentObservations), 1, ActingStates, CurrentStarts, _outputs);
            for (int i = 0; i < _outputs.TaskLogits.Length; i++)
            {
                var logits = _outputs.TaskLogits[i].Span;
                for (int w = 0; w < _workers; w++)
                {
                    PolicyMath.Softmax(logits.Slice(w * _actionCount, _actionCount), _probs);
                    rollout.Actions[t * m + i * _workers + w] = ActRng.Categorical(_probs);
                }
            }
        }
        g.Reset();

        bool anyTruncated = false;
        for (int j = 0; j < m; j++)
        {
            int k = t * m + j;
            var copy = Copies[j];
            var step = copy.Env.Step(rollout.Actions[k]);
            rollout.Rewards[k] = step.Reward;
            rollout.Terminated[k] = step.Terminated;
            rollout.Truncated[k] = step.Truncated && !step.Terminated;
            rollout.TruncationValues[k] = 0f;
            copy.Episode.Record(step.Reward);
            EnvSteps++;
            // Every row feeds the probe forward of TruncationValues; only truncated rows' values are used.
            step.Observation.CopyTo(_finalObs.AsSpan(j * _obsSize, _obsSize));
            anyTruncated |= rollout.Truncated[k];
            if (step.Done)
            {
                _sink.OnEpisodeFinished(copy.Task, copy.Episode.Steps, copy.Episode.Return);
                ResetCopy(j);
            }
            else
            {
                step.Observation.CopyTo(CurrentObservations.AsSpan(j * _obsSize, _obsSize));
                CurrentStarts[j] = false;
            }
        }
        if (anyTruncated) TruncationValues(rollout, t);
    }

    /// <summary>V_i(s') of the final observations of rows cut by the time limit (the task goes on in principle: bootstrap).</summary>
    private void TruncationValues(ActorCriticRollout rollout, int t)
    {
        for (int c = 0; c < _probeStates.Length; c++) _probeStates[c]?.CopyFrom(ActingStates[c]!);
        var g = _graph;
        using (g.NoGrad())
        {
            _networks.Forward(g, g.Input(new Shape(_rows, _obsSize), _finalObs), 1, _probeStates, _noStarts, _outputs);
            for (int i = 0; i < _outputs.Values.Length; i++)
            {
                var v = _outputs.Values[i].Span;
                for (int w = 0; w < _workers; w++)
                {
                    int k = t * _rows + i * _workers + w;
                    if (rollout.Truncated[k]) rollout.TruncationValues[k] = v[w];
                }
            }
        }
        g.Reset();
    }
}
