using System.Numerics;

namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Sum of a and b, elementwise with NumPy broadcasting (rank &lt;= 4).</summary>
    public Tensor Add(Tensor a, Tensor b) => BroadcastBinaryOp<AddFunction>.Forward(this, a, b);
}

/// <summary>y = a + b; da += dy, db += dy (each reduced over its broadcast axes).</summary>
internal readonly struct AddFunction : IBinaryFunction
{
    public static string Name => "add";
    public static float Apply(float a, float b) => a + b;
    public static Vector<float> Apply(Vector<float> a, Vector<float> b) => a + b;
    public static float GradA(float dy, float a, float b) => dy;
    public static float GradB(float dy, float a, float b) => dy;
}
