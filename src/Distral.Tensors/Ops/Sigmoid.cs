namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Logistic sigmoid 1 / (1 + e^-x), elementwise.</summary>
    public Tensor Sigmoid(Tensor x) => UnaryOp<SigmoidFunction>.Forward(this, x);
}

/// <summary>y = 1 / (1 + e^-x); dy/dx = y (1 - y).</summary>
internal readonly struct SigmoidFunction : IUnaryFunction
{
    public static string Name => "sigmoid";
    public static float Apply(float x, float p0, float p1) => 1f / (1f + MathF.Exp(-x));
    public static float Derivative(float x, float y, float p0, float p1) => y * (1f - y);
}
