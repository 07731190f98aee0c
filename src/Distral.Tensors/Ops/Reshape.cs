namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>The same values (copied, row-major order) with a new shape of the same size.</summary>
    public Tensor Reshape(Tensor x, Shape shape) => ReshapeOp.Forward(this, x, shape);
}

/// <summary>y = x with a new shape; dx += dy element by element.</summary>
internal sealed class ReshapeOp : Op
{
    public static readonly ReshapeOp Instance = new();
    public override string Name => "reshape";

    public static Tensor Forward(Graph g, Tensor x, Shape shape)
    {
        if (shape.Size != x.Size)
            throw new ArgumentException($"Cannot reshape {x.Shape} ({x.Size} elements) to {shape} ({shape.Size} elements).");
        var y = g.Record(Instance, shape, x);
        x.Span.CopyTo(y.Span);
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        VectorMath.AddScaled(g.GradOf(x), y.Grad, 1f);
    }
}
