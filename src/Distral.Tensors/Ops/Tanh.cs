namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Hyperbolic tangent, elementwise.</summary>
    public Tensor Tanh(Tensor x) => UnaryOp<TanhFunction>.Forward(this, x);
}

/// <summary>y = tanh x; dy/dx = 1 - y^2.</summary>
internal readonly struct TanhFunction : IUnaryFunction
{
    public static string Name => "tanh";
    public static float Apply(float x, float p0, float p1) => MathF.Tanh(x);
    public static float Derivative(float x, float y, float p0, float p1) => 1f - y * y;
}
