using Distral.Tensors;
using static Distral.Tensors.Tests.OpsTestHelpers;

namespace Distral.Tensors.Tests;

public class OpsIndexingTests
{
    [Fact]
    public void GatherPicksOnePerRowAndScattersGradient()
    {
        var x = Tensor.Parameter(new Shape(3, 4));
        for (int i = 0; i < 12; i++) x.Span[i] = i;
        var g = new Graph();
        int[] idx = [2, 0, 3];
        var y = g.Gather(x, idx);
        idx[0] = 1; // the op keeps its own copy
        Assert.Equal([2f, 4, 11], y.ToArray());
        g.Backward(y, [1f, 2f, 3f]);
        Assert.Equal([0f, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 3], x.Grad.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Gather(x, [0, 4, 1]));
        Assert.Throws<ArgumentException>(() => g.Gather(x, [0, 1]));
    }

    [Fact]
    public void IndexSelectCopiesRowsAndAddsRepeatedGradients()
    {
        var x = Tensor.Parameter(new Shape(3, 2));
        for (int i = 0; i < 6; i++) x.Span[i] = i;
        var g = new Graph();
        var y = g.IndexSelect(x, [2, 0, 2]);
        Assert.Equal(new Shape(3, 2), y.Shape);
        Assert.Equal([4f, 5, 0, 1, 4, 5], y.ToArray());
        g.Backward(g.Sum(y));
        Assert.Equal([1f, 1, 0, 0, 2, 2], x.Grad.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => g.IndexSelect(x, [3]));
    }

    [Fact]
    public void ConcatJoinsAlongAnyAxis()
    {
        var g = new Graph();
        var a = g.Input(new Shape(2, 2), [1, 2, 3, 4]);
        var b = g.Input(new Shape(2, 1), [5, 6]);
        var c = g.Input(new Shape(1, 2), [7, 8]);
        var cols = g.Concat(1, a, b);
        Assert.Equal(new Shape(2, 3), cols.Shape);
        Assert.Equal([1f, 2, 5, 3, 4, 6], cols.ToArray());
        var rows = g.Concat(-2, a, c, a);
        Assert.Equal(new Shape(5, 2), rows.Shape);
        Assert.Equal([1f, 2, 3, 4, 7, 8, 1, 2, 3, 4], rows.ToArray());
        Assert.Throws<ArgumentException>(() => g.Concat(0, a, b));
    }

    [Fact]
    public void ReshapeKeepsRowMajorOrder()
    {
        var x = Tensor.Parameter(new Shape(2, 3));
        for (int i = 0; i < 6; i++) x.Span[i] = i;
        var g = new Graph();
        var y = g.Reshape(x, new Shape(3, 2));
        Assert.Equal(new Shape(3, 2), y.Shape);
        Assert.Equal(x.ToArray(), y.ToArray());
        g.Backward(y, [1f, 2, 3, 4, 5, 6]);
        Assert.Equal([1f, 2, 3, 4, 5, 6], x.Grad.ToArray());
        Assert.Throws<ArgumentException>(() => g.Reshape(x, new Shape(4)));
    }

    [Fact]
    public void WhereAndMaskedFillChooseElementwise()
    {
        var a = Tensor.Parameter(new Shape(4));
        var b = Tensor.Parameter(new Shape(4));
        float[] av = [1, 2, 3, 4], bv = [-1, -2, -3, -4];
        av.CopyTo(a.Span);
        bv.CopyTo(b.Span);
        var g = new Graph();
        var mask = g.Input(new Shape(4), [1, 0, 0, 2]);
        var y = g.Where(mask, a, b);
        Assert.Equal([1f, -2, -3, 4], y.ToArray());
        var f = g.MaskedFill(a, mask, -1e9f);
        Assert.Equal([-1e9f, 2, 3, -1e9f], f.ToArray());
        g.Backward(g.Add(g.Sum(y), g.Sum(f)));
        Assert.Equal([1f, 1, 1, 1], a.Grad.ToArray());
        Assert.Equal([0f, 1, 1, 0], b.Grad.ToArray());
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void GatherAndIndexSelectGradientsMatchFiniteDifferences()
    {
        var rng = new Rng(41);
        for (int trial = 0; trial < 6; trial++)
        {
            int n = rng.NextInt(1, 6), a = rng.NextInt(1, 5);
            var x = RandomParameter(new Shape(n, a), rng);
            var idx = Enumerable.Range(0, n).Select(_ => rng.NextInt(a)).ToArray();
            AssertGradients(g => WeightedSum(g, g.Gather(x, idx)), [x], context: $"gather [{n}, {a}]");
            var shape = RandomShape(rng, 1, 4, 4);
            var z = RandomParameter(shape, rng);
            var rows = Enumerable.Range(0, rng.NextInt(1, 7)).Select(_ => rng.NextInt(shape[0])).ToArray();
            AssertGradients(g => WeightedSum(g, g.IndexSelect(z, rows)), [z], context: $"index_select {shape}");
        }
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void ConcatGradientsMatchFiniteDifferences()
    {
        var rng = new Rng(43);
        for (int trial = 0; trial < 8; trial++)
        {
            var shape = RandomShape(rng, 1, 4, 3);
            int axis = rng.NextInt(shape.Rank);
            int count = rng.NextInt(1, 5); // up to four inputs: more than the three fixed slots
            var parts = Enumerable.Range(0, count).Select(_ => RandomParameter(shape.With(axis, rng.NextInt(1, 4)), rng)).ToArray();
            AssertGradients(g => WeightedSum(g, g.Concat(axis, parts)), parts, context: $"concat {shape} axis {axis} x{count}");
        }
        // the same tensor twice
        var t = RandomParameter(new Shape(2, 3), rng);
        AssertGradients(g => WeightedSum(g, g.Concat(1, t, t)), [t], context: "concat twice");
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void ReshapeWhereAndMaskedFillGradientsMatchFiniteDifferences()
    {
        var rng = new Rng(47);
        for (int trial = 0; trial < 6; trial++)
        {
            var shape = RandomShape(rng, 1, 4, 4);
            var x = RandomParameter(shape, rng);
            var y = RandomParameter(shape, rng);
            var maskValues = Enumerable.Range(0, shape.Size).Select(_ => (float)rng.NextInt(2)).ToArray();
            var flat = new Shape(shape.Size);
            AssertGradients(g => WeightedSum(g, g.Exp(g.Reshape(x, flat))), [x], context: $"reshape {shape}");
            AssertGradients(g => WeightedSum(g, g.Where(g.Input(shape, maskValues), g.Exp(x), g.Mul(y, x))), [x, y], context: $"where {shape}");
            AssertGradients(g => WeightedSum(g, g.MaskedFill(g.Tanh(x), g.Input(shape, maskValues), -5f)), [x], context: $"masked_fill {shape}");
        }
    }
}
