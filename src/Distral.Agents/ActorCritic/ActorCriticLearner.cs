using System.Runtime.Intrinsics;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// One actor-learner: per update its <see cref="ActorCriticActor"/> unrolls n steps of its env rows, one forward
/// of its networks over the rollout feeds <see cref="ActorCriticObjective"/>, and one backward, global-norm
/// gradient clipping and one step of each optimizer follow. The synchronous agent has one learner over every task
/// and copy, acting and learning on the shared networks; an asynchronous (A3C) learner serves one copy of one task
/// with local network copies, refreshed from the shared networks before each unroll, and its optimizers apply the
/// local gradients to the shared parameters (see <see cref="ActorCriticLearners"/>).
/// </summary>
internal sealed class ActorCriticLearner
{
    private readonly ActorCriticOptions _options;
    private readonly ActorCriticNetworks _networks;
    private readonly Optimizer[] _optimizers;
    private readonly Tensor[] _parameters;        // every column's (async: refreshed from _sharedParameters before each unroll)
    private readonly Tensor[] _trainable;         // the gradient sources (a frozen h's excluded): clipped together
    private readonly Tensor[]? _sharedParameters;
    private readonly Graph _graph;                // async: shared by the learners of one thread (they run one at a time)
    private readonly ActorCriticRollout _rollout;
    private readonly ActorCriticOutputs _outputs;
    private readonly ActorCriticObjective _objective;
    private readonly LstmState?[] _startStates, _trainStates;

    /// <summary>
    /// Sets up a learner; <paramref name="sharedColumns"/> (same layout as the networks' columns) turns on the async
    /// refresh. Learners that never run concurrently may share their local columns and <paramref name="graph"/>: an
    /// update overwrites the local parameters from the shared ones and zeroes their gradients before using them, and
    /// the graph is reset after every step, so nothing of one learner's update survives into another's.
    /// </summary>
    public ActorCriticLearner(ActorCriticOptions options, IEnv[] envs, int workersPerTask, ActorCriticNetworks networks,
        Optimizer[] optimizers, ActorCriticColumn[]? sharedColumns, Rng actRng, Rng resetRng, IEpisodeSink sink, Graph? graph = null)
    {
        _options = options;
        _graph = graph ?? new Graph();
        _networks = networks;
        _optimizers = optimizers;
        _parameters = networks.Parameters;
        _trainable = networks.TrainableParameters;
        if (sharedColumns is not null) _sharedParameters = [.. sharedColumns.SelectMany(c => c.Parameters())];
        Actor = new ActorCriticActor(networks, envs, workersPerTask, _graph, actRng, resetRng, sink);
        _rollout = new ActorCriticRollout(options.UnrollLength, networks.Rows, envs[0].ObservationSpace.Size);
        _outputs = new ActorCriticOutputs(networks.TaskIds.Length);
        _objective = new ActorCriticObjective(options, networks.TaskIds.Length, workersPerTask, ((Discrete)envs[0].ActionSpace).N);
        _startStates = networks.NewStates();
        _trainStates = networks.NewStates();
    }

    /// <summary>The acting half: env copies, episodes in progress, generators.</summary>
    public ActorCriticActor Actor { get; }

    /// <summary>The optimizers, one per column (async: stepping the shared column from the local gradients).</summary>
    public Optimizer[] Optimizers => _optimizers;

    /// <summary>Sums of the loss terms and the policy entropy since the last <see cref="TakeDiagnostics"/>.</summary>
    public double PolicyLossSum, ValueLossSum, DistillLossSum, EntropySum;

    /// <summary>Updates summed into the diagnostics.</summary>
    public int DiagnosticCount;

    /// <summary>Clears the diagnostic sums.</summary>
    public void TakeDiagnostics() => (PolicyLossSum, ValueLossSum, DistillLossSum, EntropySum, DiagnosticCount) = (0, 0, 0, 0, 0);

    /// <summary>One update: unroll every env row n steps, then one gradient step on the objective.</summary>
    public void Update()
    {
        Actor.EnsureStarted();
        if (_sharedParameters is not null)
            for (int p = 0; p < _parameters.Length; p++) _sharedParameters[p].Span.CopyTo(_parameters[p].Span);
        for (int c = 0; c < _startStates.Length; c++) _startStates[c]?.CopyFrom(Actor.ActingStates[c]!);
        Actor.Unroll(_rollout);
        Learn();
    }

    /// <summary>The update of the columns' parameters from the rollout.</summary>
    private void Learn()
    {
        var g = _graph;
        int n = _rollout.Steps, m = _rollout.Rows;

        // One forward of every column over the n+1 steps (the last only supplies V_i(s_n)), from the unroll's start state.
        for (int c = 0; c < _trainStates.Length; c++) _trainStates[c]?.CopyFrom(_startStates[c]!);
        _networks.Forward(g, g.Input(new Shape((n + 1) * m, _rollout.ObservationSize), _rollout.Observations), n + 1,
            _trainStates, _rollout.EpisodeStarts, _outputs);
        var loss = _objective.Loss(g, _rollout, _outputs);

        // One backward, global-norm clipping over every column, one step of each optimizer.
        foreach (var o in _optimizers) o.ZeroGrad();
        g.Backward(loss.Total);
        if (_options.GradientClipNorm > 0 && !NormClearlyBelow(_trainable, _options.GradientClipNorm))
            GradientClipping.ClipGradNorm(_trainable, _options.GradientClipNorm);
        foreach (var o in _optimizers) o.Step();
        g.Reset();

        PolicyLossSum += loss.PolicyGradient;
        ValueLossSum += loss.Value;
        DistillLossSum += loss.Distillation;
        EntropySum += loss.Entropy;
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
