using Distral.Tensors;

namespace Distral.Tensors.Tests;

public class Conv2dTests
{
    private static Tensor Random(Shape s, Rng rng)
    {
        var t = Tensor.Parameter(s);
        for (int i = 0; i < t.Size; i++) t.Span[i] = rng.NextFloat(-1, 1);
        return t;
    }

    /// <summary>The textbook six-deep loop, in double precision.</summary>
    private static float[] DirectConvolution(Tensor x, Tensor w, Tensor? b, int stride, int pad, out Shape shape)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int o = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (wd + 2 * pad - kw) / stride + 1;
        shape = new Shape(n, o, oh, ow);
        var y = new float[shape.Size];
        var xs = x.Span;
        var ws = w.Span;
        for (int ni = 0; ni < n; ni++)
        for (int oc = 0; oc < o; oc++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            double s = b is null ? 0 : b.Span[oc];
            for (int ci = 0; ci < c; ci++)
            for (int ki = 0; ki < kh; ki++)
            for (int kj = 0; kj < kw; kj++)
            {
                int yi = i * stride - pad + ki, xj = j * stride - pad + kj;
                if (yi < 0 || yi >= h || xj < 0 || xj >= wd) continue;
                s += (double)xs[((ni * c + ci) * h + yi) * wd + xj] * ws[((oc * c + ci) * kh + ki) * kw + kj];
            }
            y[((ni * o + oc) * oh + i) * ow + j] = (float)s;
        }
        return y;
    }

    [Fact]
    public void ForwardEqualsDirectConvolutionOnRandomShapes()
    {
        var rng = new Rng(2024);
        for (int trial = 0; trial < 40; trial++)
        {
            int n = rng.NextInt(1, 4), c = rng.NextInt(1, 4), o = rng.NextInt(1, 5);
            int kh = rng.NextInt(1, 5), kw = rng.NextInt(1, 5), stride = rng.NextInt(1, 4), pad = rng.NextInt(0, 3);
            int h = rng.NextInt(Math.Max(1, kh - 2 * pad), 10), wd = rng.NextInt(Math.Max(1, kw - 2 * pad), 10);
            var x = Random(new Shape(n, c, h, wd), rng);
            var w = Random(new Shape(o, c, kh, kw), rng);
            var b = trial % 2 == 0 ? Random(new Shape(o), rng) : null;
            var expected = DirectConvolution(x, w, b, stride, pad, out var shape);
            var g = new Graph();
            var y = g.Conv2d(x, w, b, stride, pad);
            Assert.Equal(shape, y.Shape);
            var actual = y.ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4f,
                    $"trial {trial} (x {x.Shape}, w {w.Shape}, stride {stride}, pad {pad}) element {i}: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void FusedActivationIsAppliedAfterTheBias()
    {
        var rng = new Rng(9);
        var x = Random(new Shape(2, 2, 5, 5), rng);
        var w = Random(new Shape(3, 2, 3, 3), rng);
        var b = Random(new Shape(3), rng);
        var g = new Graph();
        var plain = g.Conv2d(x, w, b, 2, 1).ToArray();
        var relu = g.Conv2d(x, w, b, 2, 1, Activation.Relu).ToArray();
        Assert.Contains(plain, v => v < 0);
        for (int i = 0; i < plain.Length; i++) Assert.Equal(Math.Max(plain[i], 0f), relu[i]);
    }

    [Fact]
    public void RejectsMismatchedChannelsAndOversizedKernels()
    {
        var g = new Graph();
        var x = g.Zeros(new Shape(1, 2, 3, 3));
        Assert.Throws<ArgumentException>(() => g.Conv2d(x, Tensor.Zeros(new Shape(4, 3, 2, 2)), null));
        Assert.Throws<ArgumentException>(() => g.Conv2d(x, Tensor.Zeros(new Shape(4, 2, 5, 5)), null));
        Assert.Throws<ArgumentException>(() => g.Conv2d(x, Tensor.Zeros(new Shape(4, 2, 2, 2)), Tensor.Zeros(new Shape(3))));
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(1, 2, 5, 5, 3, 3, 1, 0, true)]
    [InlineData(2, 3, 5, 4, 3, 2, 1, 1, false)]
    [InlineData(2, 2, 7, 6, 3, 3, 2, 1, true)]
    [InlineData(3, 1, 6, 7, 2, 3, 3, 2, false)]
    [InlineData(1, 3, 4, 4, 1, 1, 1, 0, true)]
    [InlineData(2, 2, 9, 8, 4, 4, 2, 0, true)]
    public void Conv2dGradientsMatchFiniteDifferences(int n, int c, int h, int wd, int kh, int kw, int stride, int pad, bool withBias)
    {
        var rng = new Rng((ulong)(n * 1000 + h * 10 + stride));
        var x = Random(new Shape(n, c, h, wd), rng);
        var w = Random(new Shape(3, c, kh, kw), rng);
        var b = withBias ? Random(new Shape(3), rng) : null;
        var w2 = Random(new Shape(2, 3, 2, 2), rng);
        Tensor[] inputs = b is null ? [x, w, w2] : [x, w, b, w2];
        // A second (tanh) convolution makes every output gradient of the first one different.
        var r = GradientCheck.Check(g => g.Sum(g.Conv2d(g.Conv2d(x, w, b, stride, pad), w2, null, 1, 1, Activation.Tanh)), inputs, 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.LeakyRelu)]
    public void FusedActivationGradientsMatchFiniteDifferences(Activation act)
    {
        var rng = new Rng(17);
        var x = Random(new Shape(2, 2, 5, 5), rng);
        var w = Random(new Shape(3, 2, 3, 3), rng);
        var b = Random(new Shape(3), rng);
        var w2 = Random(new Shape(2, 3, 3, 3), rng);
        var r = GradientCheck.Check(g => g.Sum(g.Conv2d(g.Conv2d(x, w, b, 1, 1, act, 0.1f), w2, null, 2, 0, Activation.Tanh)), [x, w, b, w2], 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }

    [Fact]
    public void NoGradForwardMatchesRecordedForward()
    {
        var rng = new Rng(4);
        var x = Random(new Shape(3, 2, 6, 6), rng);
        var w = Random(new Shape(4, 2, 3, 3), rng);
        var g = new Graph();
        var recorded = g.Conv2d(x, w, null, 2, 1).ToArray();
        float[] plain;
        using (g.NoGrad()) plain = g.Conv2d(x, w, null, 2, 1).ToArray();
        Assert.Equal(recorded, plain);
    }
}
