using Distral.Tensors;

namespace Distral.Nn;

/// <summary>Elementwise tanh(x).</summary>
public sealed class Tanh() : ActivationLayer(Activation.Tanh, 0f)
{
    /// <inheritdoc />
    public override Tensor Forward(Graph g, Tensor x) => g.Tanh(x);
}
