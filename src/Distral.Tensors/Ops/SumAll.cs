namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>The sum of all elements, as a one-element tensor.</summary>
    public Tensor Sum(Tensor x) => SumAllOp.Forward(this, x);
}

/// <summary>y = sum_i x_i; dx_i += dy.</summary>
internal sealed class SumAllOp : Op
{
    public static readonly SumAllOp Instance = new();
    public override string Name => "sum";

    public static Tensor Forward(Graph g, Tensor x)
    {
        var y = g.Record(Instance, Shape.Scalar, x);
        double s = 0; // double accumulation: sums over large batches stay accurate
        foreach (float v in x.Span) s += v;
        y.Span[0] = (float)s;
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        var dx = g.GradOf(x);
        float dy = y.Grad[0];
        for (int i = 0; i < dx.Length; i++) dx[i] += dy;
    }
}
