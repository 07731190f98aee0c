namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>
    /// Elementwise choice: a where <paramref name="condition"/> is nonzero, else b (all three the same shape).
    /// The condition gets no gradient.
    /// </summary>
    public Tensor Where(Tensor condition, Tensor a, Tensor b) => WhereOp.Forward(this, condition, a, b);

    /// <summary><paramref name="value"/> where <paramref name="mask"/> is nonzero, else x (same shapes; e.g. masking logits).</summary>
    public Tensor MaskedFill(Tensor x, Tensor mask, float value) => MaskedFillOp.Forward(this, x, mask, value);
}

/// <summary>y = c != 0 ? a : b; da += c ? dy : 0, db += c ? 0 : dy. A = a, B = b, C = condition.</summary>
internal sealed class WhereOp : Op
{
    public static readonly WhereOp Instance = new();
    public override string Name => "where";

    public static Tensor Forward(Graph g, Tensor condition, Tensor a, Tensor b)
    {
        if (a.Shape != b.Shape || condition.Shape != a.Shape)
            throw new ArgumentException($"Where needs equal shapes, got condition {condition.Shape}, a {a.Shape}, b {b.Shape}.");
        var y = g.Record(Instance, a.Shape, a, b, condition);
        var cs = condition.Span;
        var xa = a.Span;
        var xb = b.Span;
        var ys = y.Span;
        for (int i = 0; i < ys.Length; i++) ys[i] = cs[i] != 0 ? xa[i] : xb[i];
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor a = y.A!, b = y.B!, condition = y.C!;
        var cs = condition.Span;
        var dy = y.Grad;
        if (a.RequiresGrad)
        {
            var da = g.GradOf(a);
            for (int i = 0; i < dy.Length; i++) if (cs[i] != 0) da[i] += dy[i];
        }
        if (b.RequiresGrad)
        {
            var db = g.GradOf(b);
            for (int i = 0; i < dy.Length; i++) if (cs[i] == 0) db[i] += dy[i];
        }
    }
}

/// <summary>y = mask != 0 ? F0 : x; dx += mask ? 0 : dy. A = x, B = mask.</summary>
internal sealed class MaskedFillOp : Op
{
    public static readonly MaskedFillOp Instance = new();
    public override string Name => "masked_fill";

    public static Tensor Forward(Graph g, Tensor x, Tensor mask, float value)
    {
        if (mask.Shape != x.Shape)
            throw new ArgumentException($"MaskedFill needs equal shapes, got x {x.Shape} and mask {mask.Shape}.");
        var y = g.Record(Instance, x.Shape, x, mask);
        y.F0 = value;
        var ms = mask.Span;
        var xs = x.Span;
        var ys = y.Span;
        for (int i = 0; i < ys.Length; i++) ys[i] = ms[i] != 0 ? value : xs[i];
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor x = y.A!, mask = y.B!;
        if (!x.RequiresGrad) return;
        var ms = mask.Span;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        for (int i = 0; i < dy.Length; i++) if (ms[i] == 0) dx[i] += dy[i];
    }
}
