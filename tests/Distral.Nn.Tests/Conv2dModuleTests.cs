using Distral.Tensors;

namespace Distral.Nn.Tests;

public class Conv2dModuleTests
{
    private static Tensor RandomParameter(Shape s, Rng rng)
    {
        var t = Tensor.Parameter(s);
        for (int i = 0; i < t.Size; i++) t.Span[i] = rng.NextFloat(-1, 1);
        return t;
    }

    [Fact]
    public void HasPyTorchLayoutNamesAndSeededDefaultInit()
    {
        var conv = new Conv2d(3, 8, 4, new Rng(1), stride: 2, padding: 1);
        var again = new Conv2d(3, 8, 4, new Rng(1), stride: 2, padding: 1);
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name));
        Assert.Equal(new Shape(8, 3, 4, 4), conv.Weight.Shape);
        Assert.Equal(new Shape(8), conv.Bias!.Shape);
        Assert.Equal(conv.Weight.ToArray(), again.Weight.ToArray());
        Assert.Equal(conv.Bias.ToArray(), again.Bias!.ToArray());
        float bound = 1f / MathF.Sqrt(3 * 4 * 4);
        Assert.All(conv.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(conv.Bias.ToArray(), v => Assert.InRange(v, -bound, bound));
        // The draws fill the range rather than clustering near zero.
        Assert.True(conv.Weight.ToArray().Max(Math.Abs) > 0.8f * bound);
        Assert.Null(new Conv2d(3, 8, 4, new Rng(1), bias: false).Bias);
    }

    [Fact]
    public void ForwardShapeMatchesOutputSizeAndActivationIsFused()
    {
        var conv = new Conv2d(2, 4, 3, new Rng(2), stride: 2, padding: 1, activation: Activation.Relu);
        var g = new Graph();
        var x = g.Input(new Shape(5, 2, 9, 7), Enumerable.Range(0, 5 * 2 * 9 * 7).Select(i => MathF.Sin(i)).ToArray());
        var y = conv.Forward(g, x);
        var (oh, ow) = conv.OutputSize(9, 7);
        Assert.Equal(new Shape(5, 4, oh, ow), y.Shape);
        Assert.Equal((5, 4), (oh, ow));
        Assert.All(y.ToArray(), v => Assert.True(v >= 0));
        var plain = conv.Forward(g, x, Activation.None).ToArray();
        Assert.Contains(plain, v => v < 0);
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void StackedConv2dModuleGradientsMatchFiniteDifferences()
    {
        var rng = new Rng(3);
        var first = new Conv2d(2, 3, 3, rng, stride: 2, padding: 1, activation: Activation.Tanh);
        var second = new Conv2d(3, 2, 2, rng, activation: Activation.Sigmoid);
        var x = RandomParameter(new Shape(2, 2, 7, 6), rng);
        var inputs = first.Parameters().Concat(second.Parameters()).Append(x).ToList();
        var r = GradientCheck.Check(g => g.Sum(second.Forward(g, first.Forward(g, x))), inputs, 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }
}
