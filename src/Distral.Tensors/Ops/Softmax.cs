namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Softmax over the last axis, computed as exp(x - rowmax) / sum (stable for large logits).</summary>
    public Tensor Softmax(Tensor x) => SoftmaxOp.Forward(this, x);
}

/// <summary>y = exp(x - m) / sum_j exp(x_j - m) per row; dx += y (dy - sum_j dy_j y_j).</summary>
internal sealed class SoftmaxOp : Op
{
    public static readonly SoftmaxOp Instance = new();
    public override string Name => "softmax";

    public static Tensor Forward(Graph g, Tensor x)
    {
        var y = g.Record(Instance, x.Shape, x);
        int cols = x.Shape.Last, rows = x.Shape.Rows;
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var xr = xs.Slice(r * cols, cols);
            var yr = ys.Slice(r * cols, cols);
            float m = VectorMath.Max(xr);
            float s = 0;
            for (int j = 0; j < cols; j++)
            {
                float e = MathF.Exp(xr[j] - m);
                yr[j] = e;
                s += e;
            }
            float inv = 1f / s;
            for (int j = 0; j < cols; j++) yr[j] *= inv;
        }
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
        {
            var yr = ys.Slice(r * cols, cols);
            var dyr = dy.Slice(r * cols, cols);
            var dxr = dx.Slice(r * cols, cols);
            float dot = 0;
            for (int j = 0; j < cols; j++) dot += dyr[j] * yr[j];
            for (int j = 0; j < cols; j++) dxr[j] += yr[j] * (dyr[j] - dot);
        }
    }
}
