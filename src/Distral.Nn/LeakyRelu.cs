using Distral.Tensors;

namespace Distral.Nn;

/// <summary>Elementwise x for x &gt; 0, slope * x otherwise (PyTorch default slope 0.01).</summary>
public sealed class LeakyRelu(float negativeSlope = 0.01f) : ActivationLayer(Activation.LeakyRelu, negativeSlope)
{
    /// <inheritdoc />
    public override Tensor Forward(Graph g, Tensor x) => g.LeakyRelu(x, LeakySlope);
}
