namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>-x, elementwise.</summary>
    public Tensor Neg(Tensor x) => NegOp.Forward(this, x);
}

/// <summary>y = -x; dx += -dy. The template every elementwise op follows.</summary>
internal sealed class NegOp : Op
{
    public static readonly NegOp Instance = new();
    public override string Name => "neg";

    public static Tensor Forward(Graph g, Tensor x)
    {
        var y = g.Record(Instance, x.Shape, x);
        var xs = x.Span;
        var ys = y.Span;
        for (int i = 0; i < ys.Length; i++) ys[i] = -xs[i];
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        for (int i = 0; i < dy.Length; i++) dx[i] -= dy[i];
    }
}
