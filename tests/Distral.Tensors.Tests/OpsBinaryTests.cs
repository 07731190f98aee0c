using Distral.Tensors;
using static Distral.Tensors.Tests.OpsTestHelpers;

namespace Distral.Tensors.Tests;

public class OpsBinaryTests
{
    public static TheoryData<string> OpNames => ["add", "sub", "mul", "div"];

    private static Tensor Apply(Graph g, string op, Tensor a, Tensor b) => op switch
    {
        "add" => g.Add(a, b),
        "sub" => g.Sub(a, b),
        "mul" => g.Mul(a, b),
        "div" => g.Div(a, b),
        _ => throw new ArgumentException(op),
    };

    private static Func<float, float, float> Reference(string op) => op switch
    {
        "add" => (x, y) => x + y,
        "sub" => (x, y) => x - y,
        "mul" => (x, y) => x * y,
        _ => (x, y) => x / y,
    };

    // Divisors stay away from 0 so that both the quotient and its finite differences are well behaved.
    private static Tensor Operand(Shape s, Rng rng) => AwayFromKinks(s, rng, -1.5f, 1.5f, 0.5f, 0f);

    [Fact]
    public void ForwardMatchesHandComputedCases()
    {
        var g = new Graph();
        var m = g.Input(new Shape(2, 3), [1, 2, 3, 4, 5, 6]);
        Assert.Equal([11f, 22, 33, 14, 25, 36], g.Add(m, g.Input(new Shape(3), [10, 20, 30])).ToArray());
        Assert.Equal([0f, 1, 2, 2, 3, 4], g.Sub(m, g.Input(new Shape(2, 1), [1, 2])).ToArray());
        Assert.Equal([2f, 4, 6, 8, 10, 12], g.Mul(g.Input(Shape.Scalar, [2]), m).ToArray());
        Assert.Equal([0.5f, 1, 1.5f, 2, 2.5f, 3], g.Div(m, g.Input(new Shape(1), [2])).ToArray());
        var outer = g.Mul(g.Input(new Shape(2, 1), [1, 2]), g.Input(new Shape(1, 3), [1, 10, 100]));
        Assert.Equal(new Shape(2, 3), outer.Shape);
        Assert.Equal([1f, 10, 100, 2, 20, 200], outer.ToArray());
    }

    [Theory]
    [MemberData(nameof(OpNames))]
    public void BroadcastForwardMatchesNaiveLoop(string op)
    {
        var rng = new Rng(3);
        var pairs = FixedBroadcastPairs().Concat(Enumerable.Range(0, 40).Select(_ => RandomBroadcastPair(rng)));
        var g = new Graph();
        foreach (var (sa, sb) in pairs)
        {
            var a = Operand(sa, rng);
            var b = Operand(sb, rng);
            var y = Apply(g, op, a, b);
            var expected = NaiveBroadcast(Reference(op), a, b, y.Shape);
            AssertClose(expected, y.Span, 1e-6f);
            g.Reset();
        }
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [MemberData(nameof(OpNames))]
    public void GradientsMatchFiniteDifferencesUnderBroadcasting(string op)
    {
        var rng = new Rng(17);
        var pairs = FixedBroadcastPairs().Concat(Enumerable.Range(0, 12).Select(_ => RandomBroadcastPair(rng)));
        foreach (var (sa, sb) in pairs)
        {
            var a = Operand(sa, rng);
            var b = Operand(sb, rng);
            AssertGradients(g => WeightedSum(g, Apply(g, op, a, b)), [a, b], context: $"{op} {sa} {sb}");
        }
    }

    [Fact]
    public void BroadcastGradientIsSummedOverBroadcastAxes()
    {
        var x = Tensor.Parameter(new Shape(2, 3));
        var row = Tensor.Parameter(new Shape(3));
        var col = Tensor.Parameter(new Shape(2, 1));
        var g = new Graph();
        g.Backward(g.Sum(g.Add(g.Add(x, row), col)));
        Assert.Equal([2f, 2, 2], row.Grad.ToArray());
        Assert.Equal([3f, 3], col.Grad.ToArray());
        Assert.Equal([1f, 1, 1, 1, 1, 1], x.Grad.ToArray());
    }

    [Fact]
    public void TensorUsedTwiceAccumulatesBothGradients()
    {
        var x = Tensor.Parameter(new Shape(3));
        x.Span[0] = 1; x.Span[1] = -2; x.Span[2] = 0.5f;
        var g = new Graph();
        g.Backward(g.Sum(g.Mul(x, x)));
        Assert.Equal([2f, -4, 1], x.Grad.ToArray());
        g.Reset();
        x.ZeroGrad();
        g.Backward(g.Sum(g.Add(x, x)));
        Assert.Equal([2f, 2, 2], x.Grad.ToArray());
        g.Reset();
        x.ZeroGrad();
        g.Backward(g.Sum(g.Sub(x, x)));
        Assert.Equal([0f, 0, 0], x.Grad.ToArray());
    }

    [Fact]
    public void IncompatibleShapesThrow()
    {
        var g = new Graph();
        var a = g.Zeros(new Shape(2, 3));
        Assert.Throws<ArgumentException>(() => g.Add(a, g.Zeros(new Shape(2))));
        Assert.Throws<ArgumentException>(() => g.Mul(a, g.Zeros(new Shape(3, 3))));
    }

    [Fact]
    public void SteadyStateBroadcastStepAllocatesNothing()
    {
        var x = Tensor.Parameter(new Shape(8, 5));
        var b = Tensor.Parameter(new Shape(5));
        var g = new Graph();
        void Step()
        {
            g.Backward(g.Sum(g.Div(g.Mul(g.Add(x, b), g.Sub(x, b)), g.AddScalar(g.Exp(b), 1f))));
            g.Reset();
        }
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
