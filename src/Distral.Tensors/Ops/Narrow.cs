namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>
    /// The slice [start, start + length) of <paramref name="x"/> along <paramref name="axis"/> (negative counts
    /// from the end), as a copy; the gradient is scattered back into the slice's place.
    /// </summary>
    public Tensor Narrow(Tensor x, int axis, int start, int length) => NarrowOp.Forward(this, x, axis, start, length);
}

/// <summary>
/// y = x[..., start:start+length, ...] along one axis. Viewing x as [outer, dim, inner], every outer block
/// contributes one contiguous run of length * inner values, so forward and backward are block copies.
/// I0 = outer, I1 = dim * inner (x block stride), I2 = start * inner, I3 = length * inner.
/// </summary>
internal sealed class NarrowOp : Op
{
    public static readonly NarrowOp Instance = new();
    public override string Name => "narrow";

    public static Tensor Forward(Graph g, Tensor x, int axis, int start, int length)
    {
        if (x.Shape.Rank == 0) throw new ArgumentException("Narrow needs a tensor of rank >= 1.");
        int a = x.Shape.NormalizeAxis(axis);
        int dim = x.Shape[a];
        if (start < 0 || length < 0 || start + length > dim)
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow [{start}, {start + length}) is outside axis {a} of size {dim} (shape {x.Shape}).");
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= x.Shape[i];
        for (int i = a + 1; i < x.Shape.Rank; i++) inner *= x.Shape[i];

        var y = g.Record(Instance, x.Shape.With(a, length), x);
        y.I0 = outer;
        y.I1 = dim * inner;
        y.I2 = start * inner;
        y.I3 = length * inner;
        var xs = x.Span;
        var ys = y.Span;
        int run = y.I3;
        for (int o = 0; o < outer; o++)
            xs.Slice(o * y.I1 + y.I2, run).CopyTo(ys.Slice(o * run, run));
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        int run = y.I3;
        for (int o = 0; o < y.I0; o++)
        {
            var src = dy.Slice(o * run, run);
            var dst = dx.Slice(o * y.I1 + y.I2, run);
            for (int i = 0; i < run; i++) dst[i] += src[i];
        }
    }
}
