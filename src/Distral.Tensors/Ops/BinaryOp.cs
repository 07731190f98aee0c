using System.Numerics;

namespace Distral.Tensors;

/// <summary>An elementwise binary function with its partial derivatives (a struct, so calls inline).</summary>
internal interface IBinaryFunction
{
    static abstract string Name { get; }
    static abstract float Apply(float a, float b);
    static abstract Vector<float> Apply(Vector<float> a, Vector<float> b);

    /// <summary>dy * d f / d a.</summary>
    static abstract float GradA(float dy, float a, float b);

    /// <summary>dy * d f / d b.</summary>
    static abstract float GradB(float dy, float a, float b);
}

/// <summary>A gradient term seen from one operand: G(dy, self, other).</summary>
internal interface IGradFunction
{
    static abstract float Grad(float dy, float self, float other);
}

/// <summary>The gradient of f with respect to its first operand.</summary>
internal readonly struct GradWrtA<TFunc> : IGradFunction where TFunc : IBinaryFunction
{
    public static float Grad(float dy, float self, float other) => TFunc.GradA(dy, self, other);
}

/// <summary>The gradient of f with respect to its second operand.</summary>
internal readonly struct GradWrtB<TFunc> : IGradFunction where TFunc : IBinaryFunction
{
    public static float Grad(float dy, float self, float other) => TFunc.GradB(dy, other, self);
}

/// <summary>
/// y = f(a, b) with NumPy broadcasting (rank &lt;= 4). Backward accumulates each operand's gradient through the
/// same plan, which reduces it over the operand's broadcast axes.
/// </summary>
internal sealed class BroadcastBinaryOp<TFunc> : Op where TFunc : IBinaryFunction
{
    public static readonly BroadcastBinaryOp<TFunc> Instance = new();
    public override string Name => TFunc.Name;

    public static Tensor Forward(Graph g, Tensor a, Tensor b)
    {
        var shape = BroadcastPlan.ResultShape(a.Shape, b.Shape);
        var y = g.Record(Instance, shape, a, b);
        if (a.Shape == b.Shape) BinaryKernels.Both<TFunc>(a.Span, b.Span, y.Span);
        else BroadcastPlan.Create(a.Shape, b.Shape, shape).Forward<TFunc>(a.Span, b.Span, y.Span);
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor a = y.A!, b = y.B!;
        var plan = BroadcastPlan.Create(a.Shape, b.Shape, y.Shape);
        var dy = y.Grad;
        if (a.RequiresGrad) plan.AccumulateGrad<GradWrtA<TFunc>>(dy, a.Span, b.Span, g.GradOf(a), selfIsA: true);
        if (b.RequiresGrad) plan.AccumulateGrad<GradWrtB<TFunc>>(dy, b.Span, a.Span, g.GradOf(b), selfIsA: false);
    }
}
