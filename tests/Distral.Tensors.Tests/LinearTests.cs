using Distral.Tensors;

namespace Distral.Tensors.Tests;

public class LinearTests
{
    private static Tensor Random(Shape s, Rng rng)
    {
        var t = Tensor.Parameter(s);
        for (int i = 0; i < t.Size; i++) t.Span[i] = rng.NextFloat(-1, 1);
        return t;
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMulGradientsMatchFiniteDifferences(bool ta, bool tb)
    {
        var rng = new Rng(7);
        var a = Random(ta ? new Shape(4, 3) : new Shape(3, 4), rng);
        var b = Random(tb ? new Shape(5, 4) : new Shape(4, 5), rng);
        var w = Random(new Shape(3, 5), rng);
        // weight the output so every element's gradient differs
        var r = GradientCheck.Check(g => g.Sum(g.Linear(g.MatMul(a, b, ta, tb), w, null, Activation.Tanh)), [a, b, w]);
        Assert.True(r.MaxError < 2e-3, r.ToString());
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(Activation.None)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void LinearGradientsMatchFiniteDifferences(Activation act)
    {
        var rng = new Rng(11);
        var x = Random(new Shape(5, 3), rng);
        var w1 = Random(new Shape(4, 3), rng);
        var b1 = Random(new Shape(4), rng);
        var w2 = Random(new Shape(2, 4), rng);
        var r = GradientCheck.Check(g => g.Sum(g.Linear(g.Linear(x, w1, b1, act, 0.1f), w2, null, Activation.Tanh)), [x, w1, b1, w2], 1e-3f);
        Assert.True(r.MaxError < 2e-2, r.ToString());
    }

    [Fact]
    public void RngIsDeterministicAndRestorable()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        for (int i = 0; i < 10; i++) Assert.Equal(a.NextULong(), b.NextULong());
        _ = a.NextGaussian();
        var state = a.GetState();
        float next = a.NextGaussian();
        int ni = a.NextInt(7);
        b.SetState(state);
        Assert.Equal(next, b.NextGaussian());
        Assert.Equal(ni, b.NextInt(7));
    }
}
