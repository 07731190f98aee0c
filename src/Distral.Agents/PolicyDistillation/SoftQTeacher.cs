using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// A soft-Q teacher: a multi-layer perceptron (a soft-Q task column of a finished run) whose outputs are the task's
/// Q-values and whose last hidden layer is its features (for Actor-Mimic's feature regression).
/// </summary>
public sealed class SoftQTeacher : ITeacher
{
    private readonly Sequential _network;
    private readonly int _lastLinear;

    /// <summary>Wraps <paramref name="network"/>, which must end in a <see cref="Linear"/> layer (the Q-value head).</summary>
    public SoftQTeacher(Sequential network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Count == 0 || network[network.Count - 1] is not Linear head)
            throw new ArgumentException("A teacher network must end in a Linear layer (its Q-values).", nameof(network));
        _network = network;
        _lastLinear = network.Count - 1;
        ActionCount = head.OutFeatures;
        FeatureSize = head.InFeatures;
        ObservationSize = FirstLinear(network).InFeatures;
    }

    /// <inheritdoc/>
    public int ActionCount { get; }

    /// <inheritdoc/>
    public int FeatureSize { get; }

    /// <inheritdoc/>
    public int ObservationSize { get; }

    /// <summary>
    /// The Q-values [B, A] at observations <paramref name="x"/> [B, obs], and the features [B, FeatureSize] that feed
    /// the head, with the same ops (fused linear + activation) as <see cref="Sequential.Forward"/>.
    /// </summary>
    public Tensor Forward(Graph g, Tensor x, out Tensor features)
    {
        ArgumentNullException.ThrowIfNull(g);
        for (int i = 0; i < _lastLinear; i++)
        {
            if (_network[i] is Linear { Activation: Activation.None } linear && i + 1 < _lastLinear && _network[i + 1] is ActivationLayer act)
            {
                x = linear.Forward(g, x, act.Kind, act.LeakySlope);
                i++;
            }
            else
            {
                x = _network[i].Forward(g, x);
            }
        }
        features = x;
        return _network[_lastLinear].Forward(g, x);
    }

    private static Linear FirstLinear(Sequential network)
    {
        for (int i = 0; i < network.Count; i++) if (network[i] is Linear linear) return linear;
        throw new ArgumentException("A teacher network needs a Linear layer.", nameof(network));
    }
}
