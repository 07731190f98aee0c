namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Natural logarithm, elementwise (-inf at 0, NaN below).</summary>
    public Tensor Log(Tensor x) => UnaryOp<LogFunction>.Forward(this, x);
}

/// <summary>y = ln x; dy/dx = 1 / x.</summary>
internal readonly struct LogFunction : IUnaryFunction
{
    public static string Name => "log";
    public static float Apply(float x, float p0, float p1) => MathF.Log(x);
    public static float Derivative(float x, float y, float p0, float p1) => 1f / x;
}
