namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>x^exponent, elementwise (NaN for negative x and a fractional exponent).</summary>
    public Tensor Pow(Tensor x, float exponent) => UnaryOp<PowFunction>.Forward(this, x, exponent);
}

/// <summary>y = x^p0; dy/dx = p0 x^(p0 - 1).</summary>
internal readonly struct PowFunction : IUnaryFunction
{
    public static string Name => "pow";
    public static float Apply(float x, float p0, float p1) => MathF.Pow(x, p0);
    public static float Derivative(float x, float y, float p0, float p1) => p0 * MathF.Pow(x, p0 - 1f);
}
