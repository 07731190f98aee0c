namespace Distral.Tensors;

/// <summary>
/// An elementwise unary function with up to two float parameters, and its derivative written in terms of
/// the input x and/or the output y (whichever is cheaper). A struct, so calls inline into the loops.
/// </summary>
internal interface IUnaryFunction
{
    static abstract string Name { get; }
    static abstract float Apply(float x, float p0, float p1);

    /// <summary>dy/dx at x, given y = Apply(x).</summary>
    static abstract float Derivative(float x, float y, float p0, float p1);
}

/// <summary>y = f(x; F0, F1) elementwise; dx += dy * f'(x).</summary>
internal sealed class UnaryOp<TFunc> : Op where TFunc : IUnaryFunction
{
    public static readonly UnaryOp<TFunc> Instance = new();
    public override string Name => TFunc.Name;

    public static Tensor Forward(Graph g, Tensor x, float p0 = 0, float p1 = 0)
    {
        var y = g.Record(Instance, x.Shape, x);
        y.F0 = p0;
        y.F1 = p1;
        var xs = x.Span;
        var ys = y.Span;
        for (int i = 0; i < ys.Length; i++) ys[i] = TFunc.Apply(xs[i], p0, p1);
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        var xs = x.Span;
        var ys = y.Span;
        float p0 = y.F0, p1 = y.F1;
        for (int i = 0; i < dy.Length; i++) dx[i] += dy[i] * TFunc.Derivative(xs[i], ys[i], p0, p1);
    }
}
