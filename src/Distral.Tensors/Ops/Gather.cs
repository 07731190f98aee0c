namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>
    /// Picks one element per row along the last axis: y[n] = x[n, indices[n]] for x [N, A] (e.g. the Q value
    /// or log-probability of the taken action). The indices are copied.
    /// </summary>
    public Tensor Gather(Tensor x, ReadOnlySpan<int> indices) => GatherOp.Forward(this, x, indices);
}

/// <summary>y[n] = x[n, idx[n]]; dx[n, idx[n]] += dy[n]. Aux holds the indices.</summary>
internal sealed class GatherOp : Op
{
    public static readonly GatherOp Instance = new();
    public override string Name => "gather";

    public static Tensor Forward(Graph g, Tensor x, ReadOnlySpan<int> indices)
    {
        if (x.Shape.Rank != 2)
            throw new ArgumentException($"Gather needs x of shape [N, A], got {x.Shape}.");
        int rows = x.Shape[0], cols = x.Shape[1];
        if (indices.Length != rows)
            throw new ArgumentException($"Gather got {indices.Length} indices for {rows} rows.");
        var y = g.Record(Instance, new Shape(rows), x);
        (y.Aux, y.AuxOffset) = g.AllocInts(rows);
        var saved = y.Aux.AsSpan(y.AuxOffset, rows);
        var xs = x.Span;
        var ys = y.Span;
        for (int n = 0; n < rows; n++)
        {
            int k = indices[n];
            if ((uint)k >= (uint)cols)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Gather index {k} at row {n} is outside [0, {cols}).");
            saved[n] = k;
            ys[n] = xs[n * cols + k];
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        int rows = x.Shape[0], cols = x.Shape[1];
        var dx = g.GradOf(x);
        var dy = y.Grad;
        var idx = y.Aux.AsSpan(y.AuxOffset, rows);
        for (int n = 0; n < rows; n++) dx[n * cols + idx[n]] += dy[n];
    }
}
