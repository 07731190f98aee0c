namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Softmax over the last axis, computed as exp(x - rowmax) / sum (stable for large logits).</summary>
    public Tensor Softmax(Tensor x) => RowOp<SoftmaxRow>.Forward(this, x);
}

/// <summary>y = exp(x - m) / sum_j exp(x_j - m) per row; dx += y (dy - sum_j dy_j y_j).</summary>
internal readonly struct SoftmaxRow : IRowFunction
{
    public static string Name => "softmax";

    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        float m = VectorMath.Max(x);
        float s = 0;
        for (int j = 0; j < x.Length; j++)
        {
            float e = MathF.Exp(x[j] - m);
            y[j] = e;
            s += e;
        }
        float inv = 1f / s;
        for (int j = 0; j < y.Length; j++) y[j] *= inv;
    }

    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        float dot = 0;
        for (int j = 0; j < y.Length; j++) dot += dy[j] * y[j];
        for (int j = 0; j < y.Length; j++) dx[j] += y[j] * (dy[j] - dot);
    }
}
