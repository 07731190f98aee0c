namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>scale * x + shift, elementwise (one pass; e.g. 1 - x is Affine(x, -1, 1)).</summary>
    public Tensor Affine(Tensor x, float scale, float shift) => UnaryOp<AffineFunction>.Forward(this, x, scale, shift);

    /// <summary>x + s, elementwise.</summary>
    public Tensor AddScalar(Tensor x, float s) => UnaryOp<AffineFunction>.Forward(this, x, 1f, s);

    /// <summary>x - s, elementwise.</summary>
    public Tensor SubScalar(Tensor x, float s) => UnaryOp<AffineFunction>.Forward(this, x, 1f, -s);

    /// <summary>x * s, elementwise.</summary>
    public Tensor MulScalar(Tensor x, float s) => UnaryOp<AffineFunction>.Forward(this, x, s, 0f);

    /// <summary>x / s, elementwise (computed as x * (1 / s)).</summary>
    public Tensor DivScalar(Tensor x, float s) => UnaryOp<AffineFunction>.Forward(this, x, 1f / s, 0f);
}

/// <summary>y = p0 x + p1; dy/dx = p0.</summary>
internal readonly struct AffineFunction : IUnaryFunction
{
    public static string Name => "affine";
    public static float Apply(float x, float p0, float p1) => p0 * x + p1;
    public static float Derivative(float x, float y, float p0, float p1) => p0;
}
