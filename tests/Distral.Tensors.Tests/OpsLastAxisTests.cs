using Distral.Tensors;
using static Distral.Tensors.Tests.OpsTestHelpers;

namespace Distral.Tensors.Tests;

public class OpsLastAxisTests
{
    [Fact]
    public void ForwardMatchesHandComputedCases()
    {
        var g = new Graph();
        var x = g.Input(new Shape(2, 2), [0f, MathF.Log(2f), 1f, 1f]);
        AssertClose([1 / 3f, 2 / 3f, 0.5f, 0.5f], g.Softmax(x).Span);
        AssertClose([MathF.Log(1 / 3f), MathF.Log(2 / 3f), MathF.Log(0.5f), MathF.Log(0.5f)], g.LogSoftmax(x).Span);
        var lse = g.LogSumExp(x);
        Assert.Equal(new Shape(2), lse.Shape);
        AssertClose([MathF.Log(3f), 1f + MathF.Log(2f)], lse.Span);
        Assert.Equal(new Shape(2, 1), g.LogSumExp(x, keepDim: true).Shape);
        Assert.Equal(Shape.Scalar, g.LogSumExp(g.Input(new Shape(3), [1, 2, 3])).Shape);
    }

    public static TheoryData<float[]> ExtremeRows =>
    [
        [1e4f, -1e4f, 0f],
        [-1e4f, -1e4f],
        [1e4f, 1e4f],
        [1e-30f, -1e-30f, 0f],
        [88f, 89f, 100f, -100f],
        [0f],
    ];

    [Theory]
    [MemberData(nameof(ExtremeRows))]
    public void ExtremeLogitsStayFiniteAndCorrect(float[] row)
    {
        var g = new Graph();
        var x = g.Input(new Shape(1, row.Length), row);
        var p = g.Softmax(x).ToArray();
        var lp = g.LogSoftmax(x).ToArray();
        float lse = g.LogSumExp(x).Item();
        double max = row.Max();
        double refLse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
        Assert.True(float.IsFinite(lse));
        Assert.Equal(refLse, lse, 1e-3 * Math.Max(1, Math.Abs(refLse)));
        Assert.All(p, v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1));
        Assert.All(lp, v => Assert.True(float.IsFinite(v) && v <= 0));
        Assert.Equal(1.0, p.Sum(v => (double)v), 1e-5);
        for (int j = 0; j < row.Length; j++)
        {
            Assert.Equal(row[j] - refLse, lp[j], 1e-3 * Math.Max(1, Math.Abs(row[j] - refLse)));
            if (p[j] > 1e-30f) Assert.Equal(MathF.Log(p[j]), lp[j], 1e-4 * Math.Max(1, Math.Abs(lp[j])));
        }
    }

    [Fact]
    public void ExtremeLogitsGiveFiniteGradients()
    {
        var x = Tensor.Parameter(new Shape(2, 3));
        float[] v = [1e4f, -1e4f, 0f, -1e4f, -1e4f, 5f];
        v.CopyTo(x.Span);
        var g = new Graph();
        var w = g.Input(new Shape(2, 3), [1, 2, 3, 4, 5, 6]);
        g.Backward(g.Add(g.Add(g.Sum(g.Mul(g.Softmax(x), w)), g.Sum(g.Mul(g.LogSoftmax(x), w))), g.Sum(g.LogSumExp(x))));
        Assert.All(x.Grad.ToArray(), d => Assert.True(float.IsFinite(d)));
    }

    [Fact]
    public void LogSumExpOfAllNegativeInfinityIsNegativeInfinity()
    {
        var x = Tensor.Parameter(new Shape(1, 2));
        x.Span.Fill(float.NegativeInfinity);
        var g = new Graph();
        var y = g.LogSumExp(x);
        Assert.Equal(float.NegativeInfinity, y.Item());
        g.Backward(y);
        Assert.Equal([0f, 0f], x.Grad.ToArray());
    }

    public static TheoryData<string> OpNames => ["softmax", "log_softmax", "logsumexp", "logsumexp_keep"];

    [Theory]
    [Trait("Category", "GradCheck")]
    [MemberData(nameof(OpNames))]
    public void GradientsMatchFiniteDifferences(string op)
    {
        var rng = new Rng(37);
        for (int trial = 0; trial < 8; trial++)
        {
            var shape = RandomShape(rng, 1, 3, 6);
            var x = RandomParameter(shape, rng, -3f, 3f);
            Func<Graph, Tensor> loss = op switch
            {
                "softmax" => g => WeightedSum(g, g.Softmax(x)),
                "log_softmax" => g => WeightedSum(g, g.LogSoftmax(x)),
                "logsumexp" => g => WeightedSum(g, g.LogSumExp(x)),
                _ => g => WeightedSum(g, g.LogSumExp(x, keepDim: true)),
            };
            AssertGradients(loss, [x], context: $"{op} {shape}");
        }
    }
}
