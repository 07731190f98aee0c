namespace Distral.Tensors;

/// <summary>
/// A function applied independently to each row of the last axis (output shaped like the input), with a
/// backward written in terms of the output row only. A struct, so calls inline into the row loop.
/// </summary>
internal interface IRowFunction
{
    static abstract string Name { get; }

    /// <summary>Writes f(x) of one row into <paramref name="y"/>.</summary>
    static abstract void Forward(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>Accumulates (+=) the row's input gradient into <paramref name="dx"/>, given its output and output gradient.</summary>
    static abstract void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);
}

/// <summary>y_r = f(x_r) for every row r of the last axis; dx_r += f'(y_r, dy_r).</summary>
internal sealed class RowOp<TFunc> : Op where TFunc : IRowFunction
{
    public static readonly RowOp<TFunc> Instance = new();
    public override string Name => TFunc.Name;

    public static Tensor Forward(Graph g, Tensor x)
    {
        var y = g.Record(Instance, x.Shape, x);
        int cols = x.Shape.Last, rows = x.Shape.Rows;
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++) TFunc.Forward(xs.Slice(r * cols, cols), ys.Slice(r * cols, cols));
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        int cols = y.Shape.Last, rows = y.Shape.Rows;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
            TFunc.Backward(ys.Slice(r * cols, cols), dy.Slice(r * cols, cols), dx.Slice(r * cols, cols));
    }
}
