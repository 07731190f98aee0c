using Distral.Agents.ActorCritic;
using Distral.Tensors;

namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// An actor-critic teacher: a task policy of a finished actor-critic run with a feed-forward (MLP) torso. Its outputs
/// are the policy's logits and its features the torso's last layer:
/// <list type="bullet">
/// <item>a task column f_i (1col, A3C) or the shared network (A3C multitask): logits f_i(x), features of f_i;</item>
/// <item>2col: the composed logits w_h h(x) + u_i(x) of the task policy (u_i the task column's output, w_h the run's
/// prior logit weight), features the last layers of h and of the task column side by side.</item>
/// </list>
/// With the kl loss, tau 1 is the teacher's own policy. Recurrent (conv + LSTM) columns are refused: a teacher labels
/// replayed states one by one, without the recurrent state of their episode.
/// </summary>
public sealed class ActorCriticTeacher : ITeacher
{
    private readonly ActorCriticColumn _task;
    private readonly ActorCriticColumn? _prior;
    private readonly float _priorWeight;

    /// <summary>
    /// The policy of <paramref name="task"/> alone, or with <paramref name="prior"/> (2col's h) the logits
    /// <paramref name="priorWeight"/> h(x) + task(x).
    /// </summary>
    public ActorCriticTeacher(ActorCriticColumn task, ActorCriticColumn? prior = null, float priorWeight = 0f)
    {
        ArgumentNullException.ThrowIfNull(task);
        foreach (var column in prior is null ? [task] : new[] { task, prior })
        {
            if (column.Torso is not MlpTorso)
                throw new ArgumentException($"An actor-critic teacher needs an MLP torso, not a {column.Torso.GetType().Name} (recurrent teachers are not supported).", nameof(task));
        }
        if (prior is not null && (prior.PolicyHead.OutFeatures != task.PolicyHead.OutFeatures || FirstIn(prior) != FirstIn(task)))
            throw new ArgumentException("The prior column h must read the same observations and have the same actions as the task column.", nameof(prior));
        if (!float.IsFinite(priorWeight)) throw new ArgumentOutOfRangeException(nameof(priorWeight), $"The prior weight must be finite, got {priorWeight}.");
        _task = task;
        _prior = prior;
        _priorWeight = priorWeight;
        ActionCount = task.PolicyHead.OutFeatures;
        FeatureSize = task.Torso.FeatureSize + (prior?.Torso.FeatureSize ?? 0);
        ObservationSize = FirstIn(task);
    }

    /// <inheritdoc/>
    public int ActionCount { get; }

    /// <inheritdoc/>
    public int FeatureSize { get; }

    /// <inheritdoc/>
    public int ObservationSize { get; }

    /// <inheritdoc/>
    public Tensor Forward(Graph g, Tensor x, out Tensor features)
    {
        ArgumentNullException.ThrowIfNull(g);
        var taskFeatures = _task.Torso.Features(g, x, null, default);
        var logits = _task.PolicyHead.Forward(g, taskFeatures);
        if (_prior is null)
        {
            features = taskFeatures;
            return logits;
        }
        var priorFeatures = _prior.Torso.Features(g, x, null, default);
        features = g.Concat(1, [priorFeatures, taskFeatures]);
        return g.Add(g.MulScalar(_prior.PolicyHead.Forward(g, priorFeatures), _priorWeight), logits);
    }

    // The MLP torso's first parameter is its input layer's weight [hidden, observations].
    private static int FirstIn(ActorCriticColumn column) => column.Torso.Parameters().First().Shape.Last;
}
