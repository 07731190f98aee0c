using Distral.Tensors;

namespace Distral.Nn.Tests;

public class ModuleTests
{
    [Fact]
    public void NamedParametersUseDottedPathsAndSetTensorNames()
    {
        var net = new TwoPartNet(new Rng(1));
        var names = net.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["scale", "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"], names);
        foreach (var (name, p) in net.NamedParameters()) Assert.Equal(name, p.Name);
        Assert.Equal(2 + 12 + 4 + 8 + 2, net.ParameterCount());
        Assert.Equal(5, net.Parameters().Count);
    }

    [Fact]
    public void MlpNamesMatchPyTorchSequential()
    {
        var mlp = Mlp.Create([3, 64, 128, 64, 4], Activation.LeakyRelu, new Rng(2));
        Assert.Equal(
            ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias"],
            mlp.NamedParameters().Select(p => p.Name));
        Assert.Equal(new Shape(64, 3), mlp.StateDict()["0.weight"].Shape);
        Assert.Equal(new Shape(4), mlp.StateDict()["6.bias"].Shape);
        Assert.Equal(7, mlp.Count);
        Assert.IsType<LeakyRelu>(mlp[5]);
    }

    [Fact]
    public void DuplicateOrDottedNamesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new BadNet(duplicate: true));
        Assert.Throws<ArgumentException>(() => new BadNet(duplicate: false));
    }

    private sealed class BadNet : Module
    {
        public BadNet(bool duplicate)
        {
            RegisterParameter(duplicate ? "w" : "a.b", Tensor.Parameter(new Shape(1)));
            RegisterParameter("w", Tensor.Parameter(new Shape(1)));
        }

        public override Tensor Forward(Graph g, Tensor x) => x;
    }

    [Fact]
    public void LoadStateDictCopiesValuesAndChecksShapesAndKeys()
    {
        var a = new TwoPartNet(new Rng(1));
        var b = new TwoPartNet(new Rng(99));
        b.LoadStateDict(a.StateDict());
        Assert.Equal(TestData.Bits(a.Parameters()), TestData.Bits(b.Parameters()));

        var wrongShape = a.StateDict();
        wrongShape["layers.2.weight"] = Tensor.Zeros(new Shape(3, 4));
        var before = TestData.Bits(b.Parameters());
        var e = Assert.Throws<ArgumentException>(() => b.LoadStateDict(wrongShape));
        Assert.Contains("layers.2.weight", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        Assert.Equal(before, TestData.Bits(b.Parameters())); // untouched after a failed load

        var missing = a.StateDict();
        missing.Remove("scale");
        var m = Assert.Throws<KeyNotFoundException>(() => b.LoadStateDict(missing));
        Assert.Contains("'scale'", m.Message);
        b.LoadStateDict(missing, strict: false);

        var extra = a.StateDict();
        extra["layers.9.weight"] = Tensor.Zeros(new Shape(1));
        var x = Assert.Throws<ArgumentException>(() => b.LoadStateDict(extra));
        Assert.Contains("layers.9.weight", x.Message);
        b.LoadStateDict(extra, strict: false);
    }

    [Fact]
    public void CopyParametersFromMakesAnIndependentCopy()
    {
        var online = Mlp.Create([3, 5, 2], Activation.Relu, new Rng(3));
        var target = Mlp.Create([3, 5, 2], Activation.Relu, new Rng(4));
        target.CopyParametersFrom(online);
        Assert.Equal(TestData.Bits(online.Parameters()), TestData.Bits(target.Parameters()));
        online.Parameters()[0][0] += 1f;
        Assert.NotEqual(online.Parameters()[0][0], target.Parameters()[0][0]);
        Assert.Throws<ArgumentException>(() => target.CopyParametersFrom(Mlp.Create([3, 6, 2], Activation.Relu, new Rng(4))));
    }

    [Fact]
    public void ZeroGradClearsEveryGradient()
    {
        var net = Mlp.Create([2, 3, 1], Activation.Tanh, new Rng(5));
        var g = new Graph();
        g.Backward(g.Sum(net.Forward(g, g.Input(new Shape(4, 2), TestData.Random(new Rng(6), 8)))));
        Assert.Contains(net.Parameters(), p => p.Grad.ToArray().Any(v => v != 0));
        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.All(p.Grad.ToArray(), v => Assert.Equal(0f, v)));
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void SequentialFusesLinearAndActivationWithIdenticalResults(Activation act)
    {
        var rng = new Rng(7);
        var linear = new Linear(3, 4, rng);
        var layer = ActivationLayer.Create(act, 0.2f)!;
        var seq = new Sequential(linear, layer);
        var g = new Graph();
        var x = g.Input(new Shape(5, 3), TestData.Random(rng, 15, 3f));
        int before = g.TensorCount;
        var fused = seq.Forward(g, x).ToArray();
        int fusedTensors = g.TensorCount - before;
        before = g.TensorCount;
        var separate = layer.Forward(g, g.Linear(x, linear.Weight, linear.Bias)).ToArray();
        Assert.Equal(1, fusedTensors);
        Assert.Equal(2, g.TensorCount - before);
        Assert.Equal(separate, fused);
    }

    [Fact]
    public void LinearDefaultInitIsBoundedByOneOverSqrtFanIn()
    {
        var linear = new Linear(100, 50, new Rng(8));
        float bound = 1f / MathF.Sqrt(100);
        Assert.All(linear.Weight.ToArray(), w => Assert.InRange(MathF.Abs(w), 0f, bound));
        Assert.All(linear.Bias!.ToArray(), b => Assert.InRange(MathF.Abs(b), 0f, bound));
        // Uniform on [-b, b] has max close to b: the bound is actually used, not something smaller.
        Assert.True(linear.Weight.ToArray().Max() > 0.95f * bound);
        Assert.Null(new Linear(2, 2, new Rng(1), bias: false).Bias);
    }
}
