namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>e^x, elementwise.</summary>
    public Tensor Exp(Tensor x) => UnaryOp<ExpFunction>.Forward(this, x);
}

/// <summary>y = e^x; dy/dx = y.</summary>
internal readonly struct ExpFunction : IUnaryFunction
{
    public static string Name => "exp";
    public static float Apply(float x, float p0, float p1) => MathF.Exp(x);
    public static float Derivative(float x, float y, float p0, float p1) => y;
}
