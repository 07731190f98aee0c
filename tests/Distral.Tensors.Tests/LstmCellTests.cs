using Distral.Tensors;

namespace Distral.Tensors.Tests;

public class LstmCellTests
{
    private static Tensor Random(Shape s, Rng rng, float scale = 1f)
    {
        var t = Tensor.Parameter(s);
        for (int i = 0; i < t.Size; i++) t.Span[i] = rng.NextFloat(-scale, scale);
        return t;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    [Fact]
    public void ForwardFollowsThePyTorchEquations()
    {
        var rng = new Rng(1);
        const int n = 3, inF = 4, hid = 5;
        var x = Random(new Shape(n, inF), rng);
        var h = Random(new Shape(n, hid), rng);
        var c = Random(new Shape(n, hid), rng);
        var wIh = Random(new Shape(4 * hid, inF), rng);
        var wHh = Random(new Shape(4 * hid, hid), rng);
        var b = Random(new Shape(4 * hid), rng);
        var g = new Graph();
        var hc = g.LstmCell(x, h, c, wIh, wHh, b);
        Assert.Equal(new Shape(n, 2 * hid), hc.Shape);
        for (int r = 0; r < n; r++)
        {
            // gates[k] = W_ih[k] . x + W_hh[k] . h + b[k]; chunks i, f, g, o.
            var z = new double[4 * hid];
            for (int k = 0; k < 4 * hid; k++)
            {
                double s = b[k];
                for (int j = 0; j < inF; j++) s += wIh[k, j] * x[r, j];
                for (int j = 0; j < hid; j++) s += wHh[k, j] * h[r, j];
                z[k] = s;
            }
            for (int j = 0; j < hid; j++)
            {
                double i = Sigmoid(z[j]), f = Sigmoid(z[hid + j]), gg = Math.Tanh(z[2 * hid + j]), o = Sigmoid(z[3 * hid + j]);
                double cNew = f * c[r, j] + i * gg;
                double hNew = o * Math.Tanh(cNew);
                Assert.Equal(hNew, hc[r, j], 5);
                Assert.Equal(cNew, hc[r, hid + j], 5);
            }
        }
        var (hidden, cell) = g.LstmCellSplit(hc);
        Assert.Equal(new Shape(n, hid), hidden.Shape);
        Assert.Equal(hc[1, 2], hidden[1, 2]);
        Assert.Equal(hc[2, hid + 4], cell[2, 4]);
    }

    [Fact]
    public void ResetRowsStartFromZeroStateAndOthersAreUnchanged()
    {
        var rng = new Rng(2);
        const int n = 3, inF = 2, hid = 3;
        var x = Random(new Shape(n, inF), rng);
        var h = Random(new Shape(n, hid), rng);
        var c = Random(new Shape(n, hid), rng);
        var wIh = Random(new Shape(4 * hid, inF), rng);
        var wHh = Random(new Shape(4 * hid, hid), rng);
        var g = new Graph();
        var full = g.LstmCell(x, h, c, wIh, wHh, null).ToArray();
        var masked = g.LstmCell(x, h, c, wIh, wHh, null, [false, true, false]).ToArray();
        var zero = g.LstmCell(x, g.Zeros(h.Shape), g.Zeros(c.Shape), wIh, wHh, null).ToArray();
        for (int j = 0; j < 2 * hid; j++)
        {
            Assert.Equal(full[j], masked[j]);
            Assert.Equal(zero[2 * hid + j], masked[2 * hid + j]);
            Assert.Equal(full[4 * hid + j], masked[4 * hid + j]);
            Assert.NotEqual(full[2 * hid + j], masked[2 * hid + j]);
        }

        // No gradient reaches the reset row's previous state.
        g.Backward(g.Sum(g.LstmCell(x, h, c, wIh, wHh, null, [false, true, false])));
        for (int j = 0; j < hid; j++)
        {
            Assert.Equal(0f, h.Grad[hid + j]);
            Assert.Equal(0f, c.Grad[hid + j]);
            Assert.NotEqual(0f, c.Grad[j]);
        }
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void LstmCellGradientsMatchFiniteDifferences(bool withBias, bool withReset)
    {
        var rng = new Rng(withBias ? 5UL : 6UL);
        const int n = 3, inF = 4, hid = 3;
        var x = Random(new Shape(n, inF), rng);
        var h = Random(new Shape(n, hid), rng);
        var c = Random(new Shape(n, hid), rng);
        var wIh = Random(new Shape(4 * hid, inF), rng);
        var wHh = Random(new Shape(4 * hid, hid), rng);
        var b = withBias ? Random(new Shape(4 * hid), rng) : null;
        var head = Random(new Shape(2, 2 * hid), rng);
        bool[] resets = withReset ? [false, true, false] : [];
        Tensor[] inputs = b is null ? [x, h, c, wIh, wHh, head] : [x, h, c, wIh, wHh, b, head];
        var r = GradientCheck.Check(g =>
        {
            // Two chained steps: the second consumes h' and c' of the first through LstmCellSplit.
            var first = g.LstmCell(x, h, c, wIh, wHh, b, resets);
            var (h1, c1) = g.LstmCellSplit(first);
            var second = g.LstmCell(x, h1, c1, wIh, wHh, b);
            return g.Sum(g.Linear(second, head, null, Activation.Tanh));
        }, inputs, 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }
}
