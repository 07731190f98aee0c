using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// y = act(x) elementwise, for activation modules that could not be fused into a preceding Linear.
/// Backward uses the derivative written in terms of y. I0 = activation, F0 = leaky slope.
/// </summary>
internal sealed class ActivationOp : Op
{
    public static readonly ActivationOp Instance = new();
    public override string Name => "activation";

    public static Tensor Forward(Graph g, Tensor x, Activation act, float slope)
    {
        var y = g.Record(Instance, x.Shape, x);
        y.I0 = (int)act;
        y.F0 = slope;
        var xs = x.Span;
        var ys = y.Span;
        switch (act)
        {
            case Activation.None: xs.CopyTo(ys); break;
            case Activation.Relu: for (int i = 0; i < ys.Length; i++) ys[i] = xs[i] > 0 ? xs[i] : 0f; break;
            case Activation.LeakyRelu: for (int i = 0; i < ys.Length; i++) ys[i] = xs[i] > 0 ? xs[i] : xs[i] * slope; break;
            case Activation.Tanh: for (int i = 0; i < ys.Length; i++) ys[i] = MathF.Tanh(xs[i]); break;
            case Activation.Sigmoid: for (int i = 0; i < ys.Length; i++) ys[i] = 1f / (1f + MathF.Exp(-xs[i])); break;
            default: throw new ArgumentOutOfRangeException(nameof(act));
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        var ys = y.Span;
        var xs = x.Span;
        float slope = y.F0;
        switch ((Activation)y.I0)
        {
            case Activation.None: for (int i = 0; i < dy.Length; i++) dx[i] += dy[i]; break;
            case Activation.Relu: for (int i = 0; i < dy.Length; i++) if (xs[i] > 0) dx[i] += dy[i]; break;
            case Activation.LeakyRelu: for (int i = 0; i < dy.Length; i++) dx[i] += xs[i] > 0 ? dy[i] : dy[i] * slope; break;
            case Activation.Tanh: for (int i = 0; i < dy.Length; i++) dx[i] += dy[i] * (1 - ys[i] * ys[i]); break;
            case Activation.Sigmoid: for (int i = 0; i < dy.Length; i++) dx[i] += dy[i] * ys[i] * (1 - ys[i]); break;
        }
    }
}
