using System.Runtime.Intrinsics;
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
        if (b is not null && act is Activation.None or Activation.Relu or Activation.LeakyRelu)
        {
            var bs = b.Span;
            for (int r = 0; r < batch; r++) AddBiasRectify(ys.Slice(r * outF, outF), bs, act, slope);
        }
        else
        {
            if (b is not null)
            {
                var bs = b.Span;
                for (int r = 0; r < batch; r++) AddInPlace(ys.Slice(r * outF, outF), bs);
            }
            ApplyActivation(ys, act, slope);
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor x = y.A!, w = y.B!;
        Tensor? b = y.C;
        var act = (Activation)y.I0;
        int batch = x.Shape[0], inF = x.Shape[1], outF = w.Shape[0];
        ReadOnlySpan<float> dz;
        if (act == Activation.None) dz = y.Grad; // act' = 1: use dy as it is, no copy
        else
        {
            var buffer = g.Scratch(y.Size, out _, out _);
            ActivationGradient(y.Grad, y.Span, buffer, act, y.F0);
            dz = buffer;
        }
        if (x.RequiresGrad)
            Sgemm.Multiply(false, false, batch, inF, outF, 1f, dz, outF, w.Span, inF, 1f, g.GradOf(x), inF);
        if (w.RequiresGrad)
            Sgemm.Multiply(true, false, outF, inF, batch, 1f, dz, outF, x.Span, inF, 1f, g.GradOf(w), inF);
        if (b is not null && b.RequiresGrad)
        {
            var db = g.GradOf(b);
            for (int r = 0; r < batch; r++) AddInPlace(db, dz.Slice(r * outF, outF));
        }
    }

    /// <summary>row = act(row + bias) in one pass, for the piecewise-linear activations.</summary>
    private static void AddBiasRectify(Span<float> row, ReadOnlySpan<float> bias, Activation act, float slope)
    {
        // Negatives are scaled by the slope (None: 1); Relu replaces them by +0 exactly as ApplyActivation does.
        bool relu = act == Activation.Relu;
        float negativeScale = act == Activation.LeakyRelu ? slope : 1f;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(negativeScale);
            for (; i <= row.Length - 16; i += 16)
            {
                var z = Vector512.Create(row.Slice(i, 16)) + Vector512.Create(bias.Slice(i, 16));
                var negative = relu ? Vector512<float>.Zero : z * s;
                Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512<float>.Zero), negative, z).CopyTo(row.Slice(i, 16));
            }
        }
        for (; i < row.Length; i++)
        {
            float z = row[i] + bias[i];
            row[i] = z >= 0 || float.IsNaN(z) ? z : relu ? 0f : z * negativeScale;
        }
    }

    /// <summary>target[i] += source[i].</summary>
    private static void AddInPlace(Span<float> target, ReadOnlySpan<float> source)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= target.Length - 16; i += 16)
                (Vector512.Create(target.Slice(i, 16)) + Vector512.Create(source.Slice(i, 16))).CopyTo(target.Slice(i, 16));
        for (; i < target.Length; i++) target[i] += source[i];
    }

    internal static void ApplyActivation(Span<float> v, Activation act, float slope)
    {
        int i = 0;
        switch (act)
        {
            case Activation.None: break;
            case Activation.Relu:
                if (Vector512.IsHardwareAccelerated)
                    for (; i <= v.Length - 16; i += 16)
                        Vector512.Max(Vector512.Create(v.Slice(i, 16)), Vector512<float>.Zero).CopyTo(v.Slice(i, 16));
                for (; i < v.Length; i++) if (v[i] < 0) v[i] = 0;
                break;
            case Activation.LeakyRelu:
                if (Vector512.IsHardwareAccelerated)
                {
                    var s = Vector512.Create(slope);
                    for (; i <= v.Length - 16; i += 16)
                    {
                        var z = Vector512.Create(v.Slice(i, 16));
                        Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512<float>.Zero), z * s, z).CopyTo(v.Slice(i, 16));
                    }
                }
                for (; i < v.Length; i++) if (v[i] < 0) v[i] *= slope;
                break;
            case Activation.Tanh:
                for (; i < v.Length; i++) v[i] = MathF.Tanh(v[i]);
                break;
            case Activation.Sigmoid:
                for (; i < v.Length; i++) v[i] = 1f / (1f + MathF.Exp(-v[i]));
                break;
        }
    }

    /// <summary>dz = dy * act'(z), with the derivative written in terms of the output y (one pass, no copy of dy).</summary>
    internal static void ActivationGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> y, Span<float> dz, Activation act, float slope)
    {
        int i = 0;
        switch (act)
        {
            case Activation.None:
                dy.CopyTo(dz);
                break;
            case Activation.Relu:
                if (Vector512.IsHardwareAccelerated)
                    for (; i <= dz.Length - 16; i += 16)
                    {
                        var off = Vector512.LessThanOrEqual(Vector512.Create(y.Slice(i, 16)), Vector512<float>.Zero);
                        Vector512.ConditionalSelect(off, Vector512<float>.Zero, Vector512.Create(dy.Slice(i, 16))).CopyTo(dz.Slice(i, 16));
                    }
                for (; i < dz.Length; i++) dz[i] = y[i] <= 0 ? 0 : dy[i];
                break;
            case Activation.LeakyRelu: // slope > 0 keeps the sign, so y < 0 iff z < 0
                if (Vector512.IsHardwareAccelerated)
                {
                    var s = Vector512.Create(slope);
                    for (; i <= dz.Length - 16; i += 16)
                    {
                        var d = Vector512.Create(dy.Slice(i, 16));
                        var negative = Vector512.LessThan(Vector512.Create(y.Slice(i, 16)), Vector512<float>.Zero);
                        Vector512.ConditionalSelect(negative, d * s, d).CopyTo(dz.Slice(i, 16));
                    }
                }
                for (; i < dz.Length; i++) dz[i] = y[i] < 0 ? dy[i] * slope : dy[i];
                break;
            case Activation.Tanh:
                for (; i < dz.Length; i++) dz[i] = dy[i] * (1 - y[i] * y[i]);
                break;
            case Activation.Sigmoid:
                for (; i < dz.Length; i++) dz[i] = dy[i] * (y[i] * (1 - y[i]));
                break;
        }
    }

    /// <summary>dz = dy * act'(z) in place, with the derivative written in terms of the output y.</summary>
    internal static void ActivationBackward(Span<float> d, ReadOnlySpan<float> y, Activation act, float slope) =>
        ActivationGradient(d, y, d, act, slope);
}
