namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Square root, elementwise.</summary>
    public Tensor Sqrt(Tensor x) => UnaryOp<SqrtFunction>.Forward(this, x);
}

/// <summary>y = sqrt x; dy/dx = 1 / (2 y).</summary>
internal readonly struct SqrtFunction : IUnaryFunction
{
    public static string Name => "sqrt";
    public static float Apply(float x, float p0, float p1) => MathF.Sqrt(x);
    public static float Derivative(float x, float y, float p0, float p1) => 0.5f / y;
}
