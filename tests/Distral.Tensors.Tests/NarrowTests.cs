using Distral.Tensors;

namespace Distral.Tensors.Tests;

public class NarrowTests
{
    private static Tensor Random(Shape s, Rng rng)
    {
        var t = Tensor.Parameter(s);
        for (int i = 0; i < t.Size; i++) t.Span[i] = rng.NextFloat(-1, 1);
        return t;
    }

    [Fact]
    public void NarrowCopiesTheSliceAlongEachAxis()
    {
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(v => (float)v).ToArray();
        var g = new Graph();
        var x = g.Input(new Shape(2, 3, 4), values);
        Assert.Equal([12f, 13f, 14f, 15f, 16f, 17f, 18f, 19f, 20f, 21f, 22f, 23f], g.Narrow(x, 0, 1, 1).ToArray());
        Assert.Equal([4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 16f, 17f, 18f, 19f, 20f, 21f, 22f, 23f], g.Narrow(x, 1, 1, 2).ToArray());
        var last = g.Narrow(x, -1, 2, 2);
        Assert.Equal(new Shape(2, 3, 2), last.Shape);
        Assert.Equal([2f, 3f, 6f, 7f, 10f, 11f, 14f, 15f, 18f, 19f, 22f, 23f], last.ToArray());
    }

    [Fact]
    public void NarrowScattersGradientIntoTheSliceOnly()
    {
        var x = Tensor.Parameter(new Shape(2, 4));
        var g = new Graph();
        g.Backward(g.Sum(g.Neg(g.Narrow(x, 1, 1, 2))));
        Assert.Equal([0f, -1f, -1f, 0f, 0f, -1f, -1f, 0f], x.Grad.ToArray());
    }

    [Fact]
    public void NarrowRejectsSlicesOutsideTheAxis()
    {
        var g = new Graph();
        var x = g.Zeros(new Shape(2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Narrow(x, 1, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Narrow(x, 2, 0, 1));
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(0, 1, 2)]
    [InlineData(1, 0, 3)]
    [InlineData(-1, 2, 3)]
    public void NarrowGradientsMatchFiniteDifferences(int axis, int start, int length)
    {
        var rng = new Rng(3);
        var x = Random(new Shape(4, 5), rng);
        // Narrow along axis 0 gives [length, 5], along the last axis [4, length]: either feeds a tanh layer
        // that weights every element differently.
        var w = Random(new Shape(3, axis == 0 ? 5 : length), rng);
        var r = GradientCheck.Check(g => g.Sum(g.Linear(g.Narrow(x, axis, start, length), w, null, Activation.Tanh)), [x, w], 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void NarrowOfRank4GradientsMatchFiniteDifferences()
    {
        var rng = new Rng(5);
        var x = Random(new Shape(2, 3, 4, 5), rng);
        var w = Random(new Shape(2, 2, 2, 2), rng);
        var r = GradientCheck.Check(g => g.Sum(g.Conv2d(g.Narrow(g.Narrow(x, 1, 1, 2), 2, 1, 3), w, null, 1, 0, Activation.Tanh)), [x, w], 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }
}
