namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Joins tensors along <paramref name="axis"/> (negative counts from the end); other axes must match.</summary>
    public Tensor Concat(int axis, params ReadOnlySpan<Tensor> inputs) => ConcatOp.Forward(this, axis, inputs);
}

/// <summary>
/// y = [x_0 | x_1 | ...] along one axis. Viewing every tensor as [outer, dim * inner], each outer block of y is
/// the inputs' blocks side by side, so forward and backward are block copies. Inputs are in y.InputList
/// (when recorded); I0 = outer.
/// </summary>
internal sealed class ConcatOp : Op
{
    public static readonly ConcatOp Instance = new();
    public override string Name => "concat";

    public static Tensor Forward(Graph g, int axis, ReadOnlySpan<Tensor> inputs)
    {
        if (inputs.Length == 0) throw new ArgumentException("Concat needs at least one tensor.");
        var first = inputs[0].Shape;
        if (first.Rank == 0) throw new ArgumentException("Concat needs tensors of rank >= 1.");
        int a = first.NormalizeAxis(axis);
        int total = 0;
        bool needsGrad = false;
        foreach (var t in inputs)
        {
            var s = t.Shape;
            bool same = s.Rank == first.Rank;
            for (int k = 0; same && k < s.Rank; k++) same = k == a || s[k] == first[k];
            if (!same) throw new ArgumentException($"Concat along axis {a}: shape {s} does not match {first}.");
            total += s[a];
            needsGrad |= t.RequiresGrad;
        }
        var (outer, _, inner) = ShapeHelpers.Split(first, a);
        var y = g.NewTensor(first.With(a, total), needsGrad);
        y.I0 = outer;
        if (y.RequiresGrad)
        {
            y.Creator = Instance;
            y.InputList ??= [];
            foreach (var t in inputs) y.InputList.Add(t);
        }
        var ys = y.Span;
        int outRow = total * inner, offset = 0;
        foreach (var t in inputs)
        {
            int run = t.Shape[a] * inner;
            var xs = t.Span;
            for (int o = 0; o < outer; o++) xs.Slice(o * run, run).CopyTo(ys.Slice(o * outRow + offset, run));
            offset += run;
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var inputs = y.InputList!;
        int outer = y.I0;
        int outRow = outer == 0 ? 0 : y.Size / outer, offset = 0;
        var dy = y.Grad;
        foreach (var t in inputs)
        {
            int run = outer == 0 ? 0 : t.Size / outer;
            if (t.RequiresGrad)
            {
                var dx = g.GradOf(t);
                for (int o = 0; o < outer; o++)
                {
                    var src = dy.Slice(o * outRow + offset, run);
                    var dst = dx.Slice(o * run, run);
                    for (int j = 0; j < run; j++) dst[j] += src[j];
                }
            }
            offset += run;
        }
    }
}
