using Distral.Tensors;

namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// A trained task network that teaches a <see cref="PolicyDistillationStudent"/> (never trained here): its outputs
/// over the actions, whose argmax is its greedy action (soft Q-values of a <see cref="SoftQTeacher"/>, policy logits of an
/// <see cref="ActorCriticTeacher"/>), and the last hidden layer behind them (Actor-Mimic's feature regression target).
/// The losses read the outputs the same way: nll of the argmax, mse to the outputs, kl to softmax(outputs / tau).
/// </summary>
public interface ITeacher
{
    /// <summary>Number of outputs (actions).</summary>
    int ActionCount { get; }

    /// <summary>Width of the features (the last hidden layer).</summary>
    int FeatureSize { get; }

    /// <summary>Observation size the network reads.</summary>
    int ObservationSize { get; }

    /// <summary>The outputs [B, A] at observations <paramref name="x"/> [B, obs], and the features [B, FeatureSize].</summary>
    Tensor Forward(Graph g, Tensor x, out Tensor features);
}
