using Distral.Tensors.Kernels;

namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>
    /// Fused dense layer: act(x W^T + b) with x [batch, in], W [out, in] (PyTorch layout), b [out] or null.
    /// One output buffer, one pass for bias and activation.
    /// </summary>
    public Tensor Linear(Tensor x, Tensor weight, Tensor? bias, Activation activation = Activation.None, float leakySlope = 0.01f) =>
        LinearOp.Forward(this, x, weight, bias, activation, leakySlope);
}

/// <summary>
/// y = act(z), z = x W^T + b. Backward: dz = dy * act'(z) (computed from y), dx += dz W, dW += dz^T x,
/// db += column sums of dz. I0 = activation, F0 = leaky slope.
/// </summary>
internal sealed class LinearOp : Op
{
    public static readonly LinearOp Instance = new();
    public override string Name => "linear";

    public static Tensor Forward(Graph g, Tensor x, Tensor w, Tensor? b, Activation act, float slope)
    {
        if (x.Shape.Rank != 2 || w.Shape.Rank != 2 || x.Shape[1] != w.Shape[1])
            throw new ArgumentException($"Linear needs x [batch, in] and W [out, in]; got {x.Shape} and {w.Shape}.");
        int batch = x.Shape[0], inF = x.Shape[1], outF = w.Shape[0];
        if (b is not null && (b.Shape.Rank != 1 || b.Shape[0] != outF))
            throw new ArgumentException($"Linear bias must be [{outF}], got {b.Shape}.");
        var y = g.Record(Instance, new Shape(batch, outF), x, w, b);
        y.I0 = (int)act;
        y.F0 = slope;
        var ys = y.Span;
        Sgemm.Multiply(false, true, batch, outF, inF, 1f, x.Span, inF, w.Span, inF, 0f, ys, outF);
        var bs = b is null ? ReadOnlySpan<float>.Empty : b.Span;
        for (int r = 0; r < batch; r++)
        {
            var row = ys.Slice(r * outF, outF);
            if (!bs.IsEmpty) for (int j = 0; j < outF; j++) row[j] += bs[j];
            ApplyActivation(row, act, slope);
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor x = y.A!, w = y.B!;
        Tensor? b = y.C;
        var act = (Activation)y.I0;
        int batch = x.Shape[0], inF = x.Shape[1], outF = w.Shape[0];
        var dz = g.Scratch(y.Size, out _, out _);
        y.Grad.CopyTo(dz);
        ActivationBackward(dz, y.Span, act, y.F0);
        if (x.RequiresGrad)
            Sgemm.Multiply(false, false, batch, inF, outF, 1f, dz, outF, w.Span, inF, 1f, g.GradOf(x), inF);
        if (w.RequiresGrad)
            Sgemm.Multiply(true, false, outF, inF, batch, 1f, dz, outF, x.Span, inF, 1f, g.GradOf(w), inF);
        if (b is not null && b.RequiresGrad)
        {
            var db = g.GradOf(b);
            for (int r = 0; r < batch; r++)
            {
                var row = dz.Slice(r * outF, outF);
                for (int j = 0; j < outF; j++) db[j] += row[j];
            }
        }
    }

    internal static void ApplyActivation(Span<float> v, Activation act, float slope)
    {
        switch (act)
        {
            case Activation.None: break;
            case Activation.Relu:
                for (int i = 0; i < v.Length; i++) if (v[i] < 0) v[i] = 0;
                break;
            case Activation.LeakyRelu:
                for (int i = 0; i < v.Length; i++) if (v[i] < 0) v[i] *= slope;
                break;
            case Activation.Tanh:
                for (int i = 0; i < v.Length; i++) v[i] = MathF.Tanh(v[i]);
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < v.Length; i++) v[i] = 1f / (1f + MathF.Exp(-v[i]));
                break;
        }
    }

    /// <summary>dz = dy * act'(z), with the derivative written in terms of the output y.</summary>
    internal static void ActivationBackward(Span<float> d, ReadOnlySpan<float> y, Activation act, float slope)
    {
        switch (act)
        {
            case Activation.None: break;
            case Activation.Relu:
                for (int i = 0; i < d.Length; i++) if (y[i] <= 0) d[i] = 0;
                break;
            case Activation.LeakyRelu: // slope > 0 keeps the sign, so y < 0 iff z < 0
                for (int i = 0; i < d.Length; i++) if (y[i] < 0) d[i] *= slope;
                break;
            case Activation.Tanh:
                for (int i = 0; i < d.Length; i++) d[i] *= 1 - y[i] * y[i];
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < d.Length; i++) d[i] *= y[i] * (1 - y[i]);
                break;
        }
    }
}
