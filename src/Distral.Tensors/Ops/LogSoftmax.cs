namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>log(softmax(x)) over the last axis, computed as x - m - log sum exp(x - m) (stable).</summary>
    public Tensor LogSoftmax(Tensor x) => RowOp<LogSoftmaxRow>.Forward(this, x);
}

/// <summary>y = x - logsumexp(x) per row (computed as (x - m) - log sum exp(x - m)); dx += dy - exp(y) sum_j dy_j.</summary>
internal readonly struct LogSoftmaxRow : IRowFunction
{
    public static string Name => "log_softmax";

    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        // (x - m) - log s rather than x - (m + log s): for |m| large the sum m + log s would round away log s.
        var (m, logSum) = LogSumExpOp.RowMaxAndLogSum(x);
        for (int j = 0; j < x.Length; j++) y[j] = (x[j] - m) - logSum;
    }

    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        float sum = 0;
        for (int j = 0; j < dy.Length; j++) sum += dy[j];
        for (int j = 0; j < y.Length; j++) dx[j] += dy[j] - MathF.Exp(y[j]) * sum;
    }
}
