namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>max(x, 0), elementwise.</summary>
    public Tensor Relu(Tensor x) => UnaryOp<ReluFunction>.Forward(this, x);

    /// <summary>x for x &gt;= 0, slope * x below, elementwise.</summary>
    public Tensor LeakyRelu(Tensor x, float slope = 0.01f) => UnaryOp<LeakyReluFunction>.Forward(this, x, slope);
}

/// <summary>y = max(x, 0); dy/dx = 1 for x &gt; 0, else 0.</summary>
internal readonly struct ReluFunction : IUnaryFunction
{
    public static string Name => "relu";
    public static float Apply(float x, float p0, float p1) => x > 0 ? x : 0f;
    public static float Derivative(float x, float y, float p0, float p1) => x > 0 ? 1f : 0f;
}

/// <summary>y = x for x &gt;= 0, p0 x below; dy/dx = 1 or p0.</summary>
internal readonly struct LeakyReluFunction : IUnaryFunction
{
    public static string Name => "leaky_relu";
    public static float Apply(float x, float p0, float p1) => x >= 0 ? x : p0 * x;
    public static float Derivative(float x, float y, float p0, float p1) => x >= 0 ? 1f : p0;
}
