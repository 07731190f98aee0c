using Distral.Tensors;

namespace Distral.Nn;

/// <summary>Elementwise max(0, x).</summary>
public sealed class Relu() : ActivationLayer(Activation.Relu, 0f)
{
    /// <inheritdoc />
    public override Tensor Forward(Graph g, Tensor x) => g.Relu(x);
}
