using Distral.Tensors;

namespace Distral.Nn.Tests;

public class TrainingTests
{
    private static float Train(Sequential net, Optimizer opt, Shape inShape, float[] inputs, Shape outShape, float[] targets, int steps)
    {
        var g = new Graph();
        float loss = float.NaN;
        for (int step = 0; step < steps; step++)
        {
            opt.ZeroGrad();
            var l = g.MseLoss(net.Forward(g, g.Input(inShape, inputs)), g.Input(outShape, targets));
            loss = l.Item();
            g.Backward(l);
            opt.Step();
            g.Reset();
        }
        return loss;
    }

    [Fact]
    public void MlpLearnsXor()
    {
        var net = Mlp.Create([2, 8, 1], Activation.Tanh, new Rng(42), output: Activation.Sigmoid);
        var opt = new Adam(net.Parameters(), 0.05f);
        float loss = Train(net, opt, new Shape(4, 2), [0, 0, 0, 1, 1, 0, 1, 1], new Shape(4, 1), [0, 1, 1, 0], 500);
        Assert.True(loss < 0.01f, $"XOR loss {loss}");
    }

    [Fact]
    public void MlpRegressesSine()
    {
        const int n = 64;
        var xs = new float[n];
        var ys = new float[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = -MathF.PI + 2 * MathF.PI * i / (n - 1);
            ys[i] = MathF.Sin(xs[i]);
        }
        var net = Mlp.Create([1, 32, 32, 1], Activation.Tanh, new Rng(7));
        var opt = new Adam(net.Parameters(), 0.01f);
        float loss = Train(net, opt, new Shape(n, 1), xs, new Shape(n, 1), ys, 300);
        Assert.True(loss < 2e-3f, $"sine loss {loss}");
    }

    [Fact]
    public void SameSeedGivesBitIdenticalParameters()
    {
        int[] Run(ulong seed)
        {
            var rng = new Rng(seed);
            var net = Mlp.Create([3, 16, 16, 4], Activation.LeakyRelu, rng);
            var opt = new RmsProp(net.Parameters(), 1e-2f, centered: true);
            var x = TestData.Random(rng, 32 * 3);
            var y = TestData.Random(rng, 32 * 4);
            Train(net, opt, new Shape(32, 3), x, new Shape(32, 4), y, 50);
            return TestData.Bits(net.Parameters());
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }
}
