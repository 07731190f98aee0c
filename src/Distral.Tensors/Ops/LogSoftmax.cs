namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>log(softmax(x)) over the last axis, computed as x - m - log sum exp(x - m) (stable).</summary>
    public Tensor LogSoftmax(Tensor x) => LogSoftmaxOp.Forward(this, x);
}

/// <summary>y = x - logsumexp(x) per row (computed as (x - m) - log sum exp(x - m)); dx += dy - exp(y) sum_j dy_j.</summary>
internal sealed class LogSoftmaxOp : Op
{
    public static readonly LogSoftmaxOp Instance = new();
    public override string Name => "log_softmax";

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
            // (x - m) - log s rather than x - (m + log s): for |m| large the sum m + log s would round away log s.
            var (m, logSum) = LogSumExpOp.RowMaxAndLogSum(xr);
            for (int j = 0; j < cols; j++) yr[j] = (xr[j] - m) - logSum;
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
            float sum = 0;
            for (int j = 0; j < cols; j++) sum += dyr[j];
            for (int j = 0; j < cols; j++) dxr[j] += dyr[j] - MathF.Exp(yr[j]) * sum;
        }
    }
}
