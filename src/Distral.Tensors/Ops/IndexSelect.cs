namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>
    /// The rows (slices along axis 0) of x named by <paramref name="indices"/>, in that order; repeats allowed
    /// (their gradients add up). The indices are copied.
    /// </summary>
    public Tensor IndexSelect(Tensor x, ReadOnlySpan<int> indices) => IndexSelectOp.Forward(this, x, indices);
}

/// <summary>y[k, ...] = x[idx[k], ...]; dx[idx[k], ...] += dy[k, ...]. Aux holds the indices.</summary>
internal sealed class IndexSelectOp : Op
{
    public static readonly IndexSelectOp Instance = new();
    public override string Name => "index_select";

    public static Tensor Forward(Graph g, Tensor x, ReadOnlySpan<int> indices)
    {
        if (x.Shape.Rank == 0) throw new ArgumentException("IndexSelect needs a tensor of rank >= 1.");
        int rows = x.Shape[0];
        int rowSize = rows == 0 ? 0 : x.Size / rows;
        var y = g.Record(Instance, x.Shape.With(0, indices.Length), x);
        (y.Aux, y.AuxOffset) = g.AllocInts(indices.Length);
        var saved = y.Aux.AsSpan(y.AuxOffset, indices.Length);
        var xs = x.Span;
        var ys = y.Span;
        for (int k = 0; k < indices.Length; k++)
        {
            int r = indices[k];
            if ((uint)r >= (uint)rows)
                throw new ArgumentOutOfRangeException(nameof(indices), $"IndexSelect index {r} at position {k} is outside [0, {rows}).");
            saved[k] = r;
            xs.Slice(r * rowSize, rowSize).CopyTo(ys.Slice(k * rowSize, rowSize));
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        int count = y.Shape[0];
        int rowSize = count == 0 ? 0 : y.Size / count;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        var idx = y.Aux.AsSpan(y.AuxOffset, count);
        for (int k = 0; k < count; k++)
        {
            var src = dy.Slice(k * rowSize, rowSize);
            var dst = dx.Slice(idx[k] * rowSize, rowSize);
            for (int j = 0; j < rowSize; j++) dst[j] += src[j];
        }
    }
}
