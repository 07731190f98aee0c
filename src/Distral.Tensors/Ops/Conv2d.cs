using Distral.Tensors.Kernels;

namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch): x [N, C, H, W], weight [O, C, KH, KW], bias [O] or null
    /// -> act(conv + bias) of shape [N, O, OH, OW] with OH = (H + 2 padding - KH) / stride + 1 (same for W).
    /// Zero padding on all four sides.
    /// </summary>
    public Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0,
        Activation activation = Activation.None, float leakySlope = 0.01f) =>
        Conv2dOp.Forward(this, x, weight, bias, stride, padding, activation, leakySlope);
}

/// <summary>
/// y = act(z), z = W col + b, col = im2col(x) of shape [C*KH*KW, N*OH*OW] (one GEMM for the whole batch).
/// The GEMM result is [O, N*OH*OW] and is permuted to NCHW. Backward: dZ = permute(dy * act'), dW += dZ col^T,
/// db += sums of dZ, dx += col2im(W^T dZ). The column matrix is kept in y.Saved for the weight gradient.
/// I0 = stride, I1 = padding, I2 = activation, F0 = leaky slope.
/// </summary>
internal sealed class Conv2dOp : Op
{
    public static readonly Conv2dOp Instance = new();
    public override string Name => "conv2d";

    public static Tensor Forward(Graph g, Tensor x, Tensor w, Tensor? b, int stride, int pad, Activation act, float slope)
    {
        if (x.Shape.Rank != 4 || w.Shape.Rank != 4 || x.Shape[1] != w.Shape[1])
            throw new ArgumentException($"Conv2d needs x [N, C, H, W] and weight [O, C, KH, KW]; got {x.Shape} and {w.Shape}.");
        if (stride < 1 || pad < 0)
            throw new ArgumentOutOfRangeException(nameof(stride), $"Conv2d needs stride >= 1 and padding >= 0; got {stride} and {pad}.");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int o = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        if (b is not null && (b.Shape.Rank != 1 || b.Shape[0] != o))
            throw new ArgumentException($"Conv2d bias must be [{o}], got {b.Shape}.");
        int oh = Im2Col.OutputSize(h, kh, stride, pad), ow = Im2Col.OutputSize(wd, kw, stride, pad);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"Conv2d kernel {kh}x{kw} does not fit input {h}x{wd} with padding {pad}.");

        var y = g.Record(Instance, new Shape(n, o, oh, ow), x, w, b);
        y.I0 = stride;
        y.I1 = pad;
        y.I2 = (int)act;
        y.F0 = slope;

        int k = c * kh * kw, plane = oh * ow, m = n * plane;
        var col = g.Scratch(k * m, out var colArray, out int colOffset);
        Im2Col.Unfold(x.Span, n, c, h, wd, kh, kw, stride, pad, oh, ow, col);
        var ys = y.Span;
        // With one image the GEMM result is already NCHW; otherwise it goes through a scratch buffer.
        var z = n == 1 ? ys : g.Scratch(o * m, out _, out _);
        Sgemm.Multiply(false, false, o, m, k, 1f, w.Span, k, col, m, 0f, z, m);
        var bs = b is null ? ReadOnlySpan<float>.Empty : b.Span;
        for (int ni = 0; ni < n; ni++)
        for (int oi = 0; oi < o; oi++)
        {
            var dst = ys.Slice((ni * o + oi) * plane, plane);
            if (n != 1) z.Slice(oi * m + ni * plane, plane).CopyTo(dst);
            if (!bs.IsEmpty)
            {
                float bv = bs[oi];
                for (int p = 0; p < plane; p++) dst[p] += bv;
            }
        }
        LinearOp.ApplyActivation(ys, act, slope);
        if (y.RequiresGrad)
        {
            y.Saved = colArray;
            y.SavedOffset = colOffset;
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor x = y.A!, w = y.B!;
        Tensor? b = y.C;
        int stride = y.I0, pad = y.I1;
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int o = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        int oh = y.Shape[2], ow = y.Shape[3];
        int k = c * kh * kw, plane = oh * ow, m = n * plane;

        // dz in NCHW, then dZ in the GEMM layout [O, N*OH*OW].
        var dz = g.Scratch(y.Size, out _, out _);
        y.Grad.CopyTo(dz);
        LinearOp.ActivationBackward(dz, y.Span, (Activation)y.I2, y.F0);
        Span<float> dZ;
        if (n == 1) dZ = dz;
        else
        {
            dZ = g.Scratch(o * m, out _, out _);
            for (int ni = 0; ni < n; ni++)
            for (int oi = 0; oi < o; oi++)
                dz.Slice((ni * o + oi) * plane, plane).CopyTo(dZ.Slice(oi * m + ni * plane, plane));
        }

        if (b is not null && b.RequiresGrad)
        {
            var db = g.GradOf(b);
            for (int oi = 0; oi < o; oi++)
            {
                double s = 0;
                foreach (float v in dZ.Slice(oi * m, m)) s += v;
                db[oi] += (float)s;
            }
        }
        if (w.RequiresGrad)
        {
            var col = y.Saved.AsSpan(y.SavedOffset, k * m);
            Sgemm.Multiply(false, true, o, k, m, 1f, dZ, m, col, m, 1f, g.GradOf(w), k);
        }
        if (x.RequiresGrad)
        {
            var dcol = g.Scratch(k * m, out _, out _);
            Sgemm.Multiply(true, false, k, m, o, 1f, w.Span, k, dZ, m, 0f, dcol, m);
            Im2Col.FoldAdd(dcol, n, c, h, wd, kh, kw, stride, pad, oh, ow, g.GradOf(x));
        }
    }
}
