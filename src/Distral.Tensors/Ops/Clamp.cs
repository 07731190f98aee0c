namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>x limited to [min, max], elementwise; the gradient is 0 where x is outside.</summary>
    public Tensor Clamp(Tensor x, float min, float max) =>
        min <= max ? UnaryOp<ClampFunction>.Forward(this, x, min, max) : throw new ArgumentException($"Clamp min {min} exceeds max {max}.");
}

/// <summary>y = min(max(x, p0), p1); dy/dx = 1 inside [p0, p1], 0 outside.</summary>
internal readonly struct ClampFunction : IUnaryFunction
{
    public static string Name => "clamp";
    public static float Apply(float x, float p0, float p1) => Math.Clamp(x, p0, p1);
    public static float Derivative(float x, float y, float p0, float p1) => x >= p0 && x <= p1 ? 1f : 0f;
}
