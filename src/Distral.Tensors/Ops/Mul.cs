using System.Numerics;

namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Product of a and b, elementwise with NumPy broadcasting (rank &lt;= 4).</summary>
    public Tensor Mul(Tensor a, Tensor b) => BroadcastBinaryOp<MulFunction>.Forward(this, a, b);
}

/// <summary>y = a * b; da += dy * b, db += dy * a (each reduced over its broadcast axes).</summary>
internal readonly struct MulFunction : IBinaryFunction
{
    public static string Name => "mul";
    public static float Apply(float a, float b) => a * b;
    public static Vector<float> Apply(Vector<float> a, Vector<float> b) => a * b;
    public static float GradA(float dy, float a, float b) => dy * b;
    public static float GradB(float dy, float a, float b) => dy * a;
}
