namespace Distral.Tensors.Kernels;

/// <summary>
/// Unfolds NCHW images into a column matrix so a convolution becomes one GEMM, and folds gradients back.
/// Column layout: [C*KH*KW, N*OH*OW]; row (c, kh, kw), column (n, oh, ow) holds
/// x[n, c, oh*stride - pad + kh, ow*stride - pad + kw], or 0 where that falls into the padding.
/// </summary>
internal static class Im2Col
{
    /// <summary>Output size of a convolution along one spatial axis.</summary>
    public static int OutputSize(int input, int kernel, int stride, int padding) => (input + 2 * padding - kernel) / stride + 1;

    public static void Unfold(ReadOnlySpan<float> x, int n, int c, int h, int w, int kh, int kw, int stride, int pad,
        int oh, int ow, Span<float> col)
    {
        int plane = oh * ow, cols = n * plane;
        for (int ci = 0; ci < c; ci++)
        for (int ki = 0; ki < kh; ki++)
        for (int kj = 0; kj < kw; kj++)
        {
            var row = col.Slice(((ci * kh + ki) * kw + kj) * cols, cols);
            // Output columns whose input column lies inside the image: lo <= ow < hi (no per-element bounds test).
            ValidRange(kj, stride, pad, w, ow, out int lo, out int hi);
            for (int ni = 0; ni < n; ni++)
            {
                var src = x.Slice((ni * c + ci) * h * w, h * w);
                for (int oi = 0; oi < oh; oi++)
                {
                    var dst = row.Slice(ni * plane + oi * ow, ow);
                    int ih = oi * stride - pad + ki;
                    if ((uint)ih >= (uint)h || lo >= hi)
                    {
                        dst.Clear();
                        continue;
                    }
                    var srcRow = src.Slice(ih * w, w);
                    dst[..lo].Clear();
                    if (stride == 1)
                        srcRow.Slice(lo - pad + kj, hi - lo).CopyTo(dst[lo..hi]);
                    else
                        for (int oj = lo; oj < hi; oj++) dst[oj] = srcRow[oj * stride - pad + kj];
                    dst[hi..].Clear();
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Unfold"/>: dx += fold(dcol) (overlapping windows add up).</summary>
    public static void FoldAdd(ReadOnlySpan<float> dcol, int n, int c, int h, int w, int kh, int kw, int stride, int pad,
        int oh, int ow, Span<float> dx)
    {
        int plane = oh * ow, cols = n * plane;
        for (int ci = 0; ci < c; ci++)
        for (int ki = 0; ki < kh; ki++)
        for (int kj = 0; kj < kw; kj++)
        {
            var row = dcol.Slice(((ci * kh + ki) * kw + kj) * cols, cols);
            ValidRange(kj, stride, pad, w, ow, out int lo, out int hi);
            if (lo >= hi) continue;
            for (int ni = 0; ni < n; ni++)
            {
                var dst = dx.Slice((ni * c + ci) * h * w, h * w);
                for (int oi = 0; oi < oh; oi++)
                {
                    int ih = oi * stride - pad + ki;
                    if ((uint)ih >= (uint)h) continue;
                    var src = row.Slice(ni * plane + oi * ow, ow);
                    var dstRow = dst.Slice(ih * w, w);
                    for (int oj = lo; oj < hi; oj++) dstRow[oj * stride - pad + kj] += src[oj];
                }
            }
        }
    }

    /// <summary>The output columns [lo, hi) for which oj*stride - pad + kj lies in [0, w).</summary>
    private static void ValidRange(int kj, int stride, int pad, int w, int ow, out int lo, out int hi)
    {
        int offset = kj - pad; // input column = oj*stride + offset
        lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        hi = offset >= w ? 0 : (w - 1 - offset) / stride + 1;
        lo = Math.Min(lo, ow);
        hi = Math.Clamp(hi, lo, ow);
    }
}
