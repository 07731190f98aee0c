using Distral.Tensors;
using static Distral.Tensors.Tests.OpsTestHelpers;

namespace Distral.Tensors.Tests;

public class OpsUnaryTests
{
    [Fact]
    public void ForwardMatchesHandComputedCases()
    {
        var g = new Graph();
        var x = g.Input(new Shape(4), [-2f, -0.5f, 0.5f, 3f]);
        var pos = g.Input(new Shape(3), [0.25f, 1f, 4f]);
        AssertClose([MathF.Exp(-2), MathF.Exp(-0.5f), MathF.Exp(0.5f), MathF.Exp(3)], g.Exp(x).Span);
        AssertClose([MathF.Log(0.25f), 0f, MathF.Log(4)], g.Log(pos).Span);
        AssertClose([0.5f, 1f, 2f], g.Sqrt(pos).Span);
        AssertClose([0.0625f, 1f, 16f], g.Pow(pos, 2f).Span);
        AssertClose([8f, 1f, 0.125f], g.Pow(pos, -1.5f).Span);
        AssertClose([0f, 0f, 0.5f, 3f], g.Relu(x).Span);
        AssertClose([-0.2f, -0.05f, 0.5f, 3f], g.LeakyRelu(x, 0.1f).Span);
        AssertClose([MathF.Tanh(-2), MathF.Tanh(-0.5f), MathF.Tanh(0.5f), MathF.Tanh(3)], g.Tanh(x).Span);
        AssertClose([1 / (1 + MathF.Exp(2)), 1 / (1 + MathF.Exp(0.5f)), 1 / (1 + MathF.Exp(-0.5f)), 1 / (1 + MathF.Exp(-3))], g.Sigmoid(x).Span);
        AssertClose([2f, 0.5f, 0.5f, 3f], g.Abs(x).Span);
        AssertClose([-1f, -0.5f, 0.5f, 1f], g.Clamp(x, -1f, 1f).Span);
        AssertClose([-1f, 0.5f, 1.5f, 4f], g.AddScalar(x, 1f).Span);
        AssertClose([-3f, -1.5f, -0.5f, 2f], g.SubScalar(x, 1f).Span);
        AssertClose([-6f, -1.5f, 1.5f, 9f], g.MulScalar(x, 3f).Span);
        AssertClose([-1f, -0.25f, 0.25f, 1.5f], g.DivScalar(x, 2f).Span);
        AssertClose([3f, 1.5f, 0.5f, -2f], g.Affine(x, -1f, 1f).Span);
    }

    [Fact]
    public void DetachCopiesValuesAndStopsGradient()
    {
        var x = Tensor.Parameter(new Shape(3));
        x.Span[0] = 1; x.Span[1] = 2; x.Span[2] = -3;
        var g = new Graph();
        var d = g.Detach(x);
        Assert.False(d.RequiresGrad);
        Assert.Equal(x.ToArray(), d.ToArray());
        // d(x * stop(x))/dx = stop(x): the detached factor is a constant.
        g.Backward(g.Sum(g.Mul(x, d)));
        Assert.Equal([1f, 2, -3], x.Grad.ToArray());
    }

    [Fact]
    public void PiecewiseGradientsAreExact()
    {
        var x = Tensor.Parameter(new Shape(5));
        float[] values = [-2f, -0.5f, 0.25f, 0.75f, 3f];
        values.CopyTo(x.Span);
        var g = new Graph();
        g.Backward(g.Sum(g.Clamp(x, -1f, 1f)));
        Assert.Equal([0f, 1, 1, 1, 0], x.Grad.ToArray());
        x.ZeroGrad(); g.Reset();
        g.Backward(g.Sum(g.Relu(x)));
        Assert.Equal([0f, 0, 1, 1, 1], x.Grad.ToArray());
        x.ZeroGrad(); g.Reset();
        g.Backward(g.Sum(g.LeakyRelu(x, 0.2f)));
        Assert.Equal([0.2f, 0.2f, 1, 1, 1], x.Grad.ToArray());
        x.ZeroGrad(); g.Reset();
        g.Backward(g.Sum(g.Abs(x)));
        Assert.Equal([-1f, -1, 1, 1, 1], x.Grad.ToArray());
    }

    public static TheoryData<string> OpNames =>
        ["exp", "log", "sqrt", "pow2", "pow3", "pow0.5", "pow-1.5", "relu", "leaky_relu", "tanh", "sigmoid", "abs", "clamp",
         "add_scalar", "sub_scalar", "mul_scalar", "div_scalar", "affine"];

    [Theory]
    [Trait("Category", "GradCheck")]
    [MemberData(nameof(OpNames))]
    public void GradientsMatchFiniteDifferences(string op)
    {
        var rng = new Rng(23);
        for (int trial = 0; trial < 6; trial++)
        {
            var shape = RandomShape(rng);
            var x = op switch
            {
                "log" or "sqrt" or "pow2" or "pow3" or "pow0.5" or "pow-1.5" => RandomParameter(shape, rng, 0.5f, 2f),
                "relu" or "leaky_relu" or "abs" => AwayFromKinks(shape, rng, -2f, 2f, 0.05f, 0f),
                "clamp" => AwayFromKinks(shape, rng, -2f, 2f, 0.05f, -0.5f, 0.7f),
                _ => RandomParameter(shape, rng, -2f, 2f),
            };
            AssertGradients(g => WeightedSum(g, Apply(g, op, x)), [x], context: $"{op} {shape}");
        }
    }

    private static Tensor Apply(Graph g, string op, Tensor x) => op switch
    {
        "exp" => g.Exp(x),
        "log" => g.Log(x),
        "sqrt" => g.Sqrt(x),
        "pow2" => g.Pow(x, 2f),
        "pow3" => g.Pow(x, 3f),
        "pow0.5" => g.Pow(x, 0.5f),
        "pow-1.5" => g.Pow(x, -1.5f),
        "relu" => g.Relu(x),
        "leaky_relu" => g.LeakyRelu(x, 0.1f),
        "tanh" => g.Tanh(x),
        "sigmoid" => g.Sigmoid(x),
        "abs" => g.Abs(x),
        "clamp" => g.Clamp(x, -0.5f, 0.7f),
        "add_scalar" => g.AddScalar(x, 0.3f),
        "sub_scalar" => g.SubScalar(x, 0.3f),
        "mul_scalar" => g.MulScalar(x, -1.7f),
        "div_scalar" => g.DivScalar(x, 4f),
        "affine" => g.Affine(x, 2.5f, -1f),
        _ => throw new ArgumentException(op),
    };

    [Fact]
    public void ClampRejectsInvertedBounds()
    {
        var g = new Graph();
        Assert.Throws<ArgumentException>(() => g.Clamp(g.Zeros(new Shape(2)), 1f, -1f));
    }
}
