namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>The largest element, as a one-element tensor; the gradient goes to the (first) argmax.</summary>
    public Tensor Max(Tensor x) => MaxOp.Forward(this, x, Shape.Scalar, 1, x.Size, 1);

    /// <summary>Maximum over one axis (negative counts from the end); the gradient goes to each (first) argmax.</summary>
    public Tensor Max(Tensor x, int axis, bool keepDim = false)
    {
        int a = x.Shape.NormalizeAxis(axis);
        var (outer, dim, inner) = ShapeHelpers.Split(x.Shape, a);
        return MaxOp.Forward(this, x, ShapeHelpers.Reduce(x.Shape, a, keepDim), outer, dim, inner);
    }
}

/// <summary>
/// y[o, i] = max_k x[o, k, i], viewing x as [outer, dim, inner]. The flat index of each argmax is saved in
/// Aux, and backward routes dy there: dx[argmax] += dy.
/// </summary>
internal sealed class MaxOp : Op
{
    public static readonly MaxOp Instance = new();
    public override string Name => "max";

    public static Tensor Forward(Graph g, Tensor x, Shape shape, int outer, int dim, int inner)
    {
        if (dim == 0) throw new ArgumentException($"Max over an empty axis (shape {x.Shape}).");
        var y = g.Record(Instance, shape, x);
        (y.Aux, y.AuxOffset) = g.AllocInts(y.Size);
        var arg = y.Aux.AsSpan(y.AuxOffset, y.Size);
        var xs = x.Span;
        var ys = y.Span;
        for (int o = 0; o < outer; o++)
        {
            int block = o * dim * inner;
            var best = ys.Slice(o * inner, inner);
            var where = arg.Slice(o * inner, inner);
            xs.Slice(block, inner).CopyTo(best);
            for (int i = 0; i < inner; i++) where[i] = block + i;
            for (int k = 1; k < dim; k++)
            {
                int start = block + k * inner;
                var row = xs.Slice(start, inner);
                for (int i = 0; i < inner; i++)
                {
                    if (row[i] > best[i])
                    {
                        best[i] = row[i];
                        where[i] = start + i;
                    }
                }
            }
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        var arg = y.Aux.AsSpan(y.AuxOffset, y.Size);
        for (int i = 0; i < dy.Length; i++) dx[arg[i]] += dy[i];
    }
}
