using Distral.Tensors;

namespace Distral.Nn.Tests;

[Trait("Category", "GradCheck")]
public class GradCheckTests
{
    private const float Tolerance = 2e-2f;

    private static Tensor ParameterFrom(Shape shape, float[] values)
    {
        var p = Tensor.Parameter(shape);
        values.CopyTo(p.Span);
        return p;
    }

    [Theory]
    [InlineData(Activation.None)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.LeakyRelu)]
    public void LinearGradientsMatchFiniteDifferences(Activation act)
    {
        var rng = new Rng(11);
        var linear = new Linear(4, 3, rng, activation: act, leakySlope: 0.1f);
        var x = ParameterFrom(new Shape(5, 4), TestData.Random(rng, 20, 2f));
        var target = TestData.Random(rng, 15);
        var result = GradientCheck.Check(
            g => g.MseLoss(linear.Forward(g, x), g.Input(new Shape(5, 3), target)),
            [linear.Weight, linear.Bias!, x]);
        Assert.True(result.MaxError < Tolerance, result.ToString());
    }

    [Fact]
    public void MlpGradientsMatchFiniteDifferences()
    {
        var rng = new Rng(12);
        var mlp = Mlp.Create([3, 6, 5, 2], Activation.Tanh, rng, output: Activation.Sigmoid);
        var x = ParameterFrom(new Shape(4, 3), TestData.Random(rng, 12, 2f));
        var target = TestData.Random(rng, 8);
        var inputs = mlp.Parameters().Append(x).ToList();
        var result = GradientCheck.Check(g => g.MseLoss(mlp.Forward(g, x), g.Input(new Shape(4, 2), target)), inputs);
        Assert.True(result.MaxError < Tolerance, result.ToString());
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void StandaloneActivationGradientsMatchFiniteDifferences(Activation act)
    {
        var rng = new Rng(13);
        // Keep inputs away from the ReLU kink so the finite difference is valid.
        var values = TestData.Random(rng, 12, 2f).Select(v => MathF.Abs(v) < 0.1f ? v + 0.3f : v).ToArray();
        var x = ParameterFrom(new Shape(3, 4), values);
        var weights = TestData.Random(rng, 12);
        var layer = ActivationLayer.Create(act, 0.2f)!;
        var result = GradientCheck.Check(g => g.MseLoss(layer.Forward(g, x), g.Input(new Shape(3, 4), weights)), [x]);
        Assert.True(result.MaxError < Tolerance, result.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void LossGradientsMatchFiniteDifferencesForPredictionAndTarget(int kind)
    {
        var rng = new Rng(14);
        var p = ParameterFrom(new Shape(2, 5), TestData.Random(rng, 10, 3f));
        var t = ParameterFrom(new Shape(2, 5), TestData.Random(rng, 10, 3f));
        Func<Graph, Tensor> loss = kind switch
        {
            0 => g => g.MseLoss(p, t),
            1 => g => g.HuberLoss(p, t, 0.7f),
            _ => g => g.SmoothL1Loss(p, t, 0.5f),
        };
        var result = GradientCheck.Check(loss, [p, t], 1e-3f);
        Assert.True(result.MaxError < Tolerance, result.ToString());
    }
}
