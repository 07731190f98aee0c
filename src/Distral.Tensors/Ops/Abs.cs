namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>|x|, elementwise (gradient sign(x), 0 at 0).</summary>
    public Tensor Abs(Tensor x) => UnaryOp<AbsFunction>.Forward(this, x);
}

/// <summary>y = |x|; dy/dx = sign x (0 at 0).</summary>
internal readonly struct AbsFunction : IUnaryFunction
{
    public static string Name => "abs";
    public static float Apply(float x, float p0, float p1) => MathF.Abs(x);
    public static float Derivative(float x, float y, float p0, float p1) => x > 0 ? 1f : x < 0 ? -1f : 0f;
}
