using Distral.Tensors;
using static Distral.Tensors.Tests.OpsTestHelpers;

namespace Distral.Tensors.Tests;

public class OpsReductionTests
{
    [Fact]
    public void SumAndMeanForwardMatchHandComputedCases()
    {
        var g = new Graph();
        var x = g.Input(new Shape(2, 3), [1, 2, 3, 4, 5, 6]);
        var s0 = g.Sum(x, 0);
        Assert.Equal(new Shape(3), s0.Shape);
        Assert.Equal([5f, 7, 9], s0.ToArray());
        var s1 = g.Sum(x, -1, keepDim: true);
        Assert.Equal(new Shape(2, 1), s1.Shape);
        Assert.Equal([6f, 15], s1.ToArray());
        Assert.Equal([2.5f, 3.5f, 4.5f], g.Mean(x, 0).ToArray());
        Assert.Equal([2f, 5], g.Mean(x, 1).ToArray());
        var m = g.Mean(x);
        Assert.Equal(Shape.Scalar, m.Shape);
        Assert.Equal(3.5f, m.Item());
        var x3 = g.Input(new Shape(2, 2, 2), [1, 2, 3, 4, 5, 6, 7, 8]);
        var mid = g.Sum(x3, 1, keepDim: true);
        Assert.Equal(new Shape(2, 1, 2), mid.Shape);
        Assert.Equal([4f, 6, 12, 14], mid.ToArray());
    }

    [Fact]
    public void MaxForwardAndGradientGoToArgmax()
    {
        var x = Tensor.Parameter(new Shape(2, 3));
        float[] v = [1, 7, 3, 9, -2, 4];
        v.CopyTo(x.Span);
        var g = new Graph();
        var total = g.Max(x);
        Assert.Equal(9f, total.Item());
        g.Backward(total);
        Assert.Equal([0f, 0, 0, 1, 0, 0], x.Grad.ToArray());
        g.Reset(); x.ZeroGrad();
        var rows = g.Max(x, 1);
        Assert.Equal([7f, 9], rows.ToArray());
        g.Backward(rows, [10f, 20f]);
        Assert.Equal([0f, 10, 0, 20, 0, 0], x.Grad.ToArray());
        g.Reset(); x.ZeroGrad();
        var cols = g.Max(x, 0, keepDim: true);
        Assert.Equal(new Shape(1, 3), cols.Shape);
        Assert.Equal([9f, 7, 4], cols.ToArray());
        g.Backward(cols, [1f, 2f, 3f]);
        Assert.Equal([0f, 2, 0, 1, 0, 3], x.Grad.ToArray());
    }

    [Fact]
    public void MaxTiesGoToTheFirstArgmax()
    {
        var x = Tensor.Parameter(new Shape(4));
        float[] v = [1, 5, 5, 2];
        v.CopyTo(x.Span);
        var g = new Graph();
        g.Backward(g.Max(x));
        Assert.Equal([0f, 1, 0, 0], x.Grad.ToArray());
    }

    public static TheoryData<string> OpNames => ["sum", "mean", "max"];

    [Theory]
    [Trait("Category", "GradCheck")]
    [MemberData(nameof(OpNames))]
    public void AxisReductionGradientsMatchFiniteDifferences(string op)
    {
        var rng = new Rng(29);
        for (int trial = 0; trial < 6; trial++)
        {
            var shape = RandomShape(rng, 1, 4, 4);
            for (int axis = -shape.Rank; axis < shape.Rank; axis++)
            {
                var x = op == "max" ? DistinctValues(shape, rng) : RandomParameter(shape, rng);
                bool keep = rng.NextInt(2) == 0;
                int ax = axis;
                Func<Graph, Tensor> loss = op switch
                {
                    "sum" => g => WeightedSum(g, g.Sum(x, ax, keep)),
                    "mean" => g => WeightedSum(g, g.Mean(x, ax, keep)),
                    _ => g => WeightedSum(g, g.Max(x, ax, keep)),
                };
                AssertGradients(loss, [x], context: $"{op} {shape} axis {ax} keep {keep}");
            }
        }
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void TotalMeanAndMaxGradientsMatchFiniteDifferences()
    {
        var rng = new Rng(31);
        for (int trial = 0; trial < 6; trial++)
        {
            var shape = RandomShape(rng);
            var x = DistinctValues(shape, rng);
            AssertGradients(g => g.Mean(g.Mul(x, x)), [x], context: $"mean {shape}");
            AssertGradients(g => g.Max(x), [x], context: $"max {shape}");
        }
    }

    [Fact]
    public void ReducedShapesFollowKeepDim()
    {
        var g = new Graph();
        var x = g.Zeros(new Shape(2, 3, 4, 5));
        Assert.Equal(new Shape(2, 4, 5), g.Sum(x, 1).Shape);
        Assert.Equal(new Shape(2, 3, 4, 1), g.Mean(x, -1, keepDim: true).Shape);
        Assert.Equal(new Shape(3, 4, 5), g.Max(x, 0).Shape);
        Assert.Equal(Shape.Scalar, g.Sum(g.Zeros(new Shape(7)), 0).Shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Sum(x, 4));
    }
}
