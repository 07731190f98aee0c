namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>
    /// log sum exp over the last axis, computed as m + log sum exp(x - m) with m the row max (stable);
    /// shape [rows...] or, with <paramref name="keepDim"/>, the last axis kept as 1.
    /// </summary>
    public Tensor LogSumExp(Tensor x, bool keepDim = false) => LogSumExpOp.Forward(this, x, keepDim);
}

/// <summary>y_r = log sum_j exp(x_rj); dx_rj += dy_r exp(x_rj - y_r) (the softmax).</summary>
internal sealed class LogSumExpOp : Op
{
    public static readonly LogSumExpOp Instance = new();
    public override string Name => "logsumexp";

    public static Tensor Forward(Graph g, Tensor x, bool keepDim)
    {
        var shape = x.Shape.Rank == 0 ? x.Shape : ShapeHelpers.Reduce(x.Shape, x.Shape.Rank - 1, keepDim);
        var y = g.Record(Instance, shape, x);
        int cols = x.Shape.Last, rows = x.Shape.Rows;
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++) ys[r] = RowLogSumExp(xs.Slice(r * cols, cols));
        return y;
    }

    /// <summary>log sum exp of one row; -inf for an empty or all -inf row.</summary>
    internal static float RowLogSumExp(ReadOnlySpan<float> row)
    {
        var (m, logSum) = RowMaxAndLogSum(row);
        return m + logSum;
    }

    /// <summary>The row max m and log sum exp(x - m) (0 for an empty or all -inf row, whose m is -inf).</summary>
    internal static (float Max, float LogSum) RowMaxAndLogSum(ReadOnlySpan<float> row)
    {
        float m = VectorMath.Max(row);
        if (float.IsNegativeInfinity(m)) return (m, 0f); // avoids -inf - -inf = NaN
        float s = 0;
        foreach (float v in row) s += MathF.Exp(v - m);
        return (m, MathF.Log(s));
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        int cols = x.Shape.Last, rows = x.Shape.Rows;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        var xs = x.Span;
        var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            float lse = ys[r], d = dy[r];
            if (float.IsNegativeInfinity(lse)) continue; // every weight is exp(-inf) = 0
            var xr = xs.Slice(r * cols, cols);
            var dxr = dx.Slice(r * cols, cols);
            for (int j = 0; j < cols; j++) dxr[j] += d * MathF.Exp(xr[j] - lse);
        }
    }
}
