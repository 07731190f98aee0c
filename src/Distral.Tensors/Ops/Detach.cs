namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>A copy of x's values that gradients do not flow through (stop-gradient; e.g. TD targets).</summary>
    public Tensor Detach(Tensor x)
    {
        var y = NewTensor(x.Shape, requiresGrad: false);
        x.Span.CopyTo(y.Span);
        return y;
    }
}
