using Distral.Tensors;

namespace Distral.Nn;

/// <summary>Elementwise 1 / (1 + exp(-x)).</summary>
public sealed class Sigmoid() : ActivationLayer(Activation.Sigmoid, 0f)
{
    /// <inheritdoc />
    public override Tensor Forward(Graph g, Tensor x) => g.Sigmoid(x);
}
