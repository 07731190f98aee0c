using Distral.Envs;
using Distral.Tensors;

namespace Distral.Envs.Tests;

public class SpaceTests
{
    [Fact]
    public void DiscreteSamplesStayInsideAndSeedingRepeats()
    {
        var d = new Discrete(4, start: 1);
        d.Seed(3);
        var first = Enumerable.Range(0, 50).Select(_ => d.Sample()).ToArray();
        d.Seed(3);
        var second = Enumerable.Range(0, 50).Select(_ => d.Sample()).ToArray();
        Assert.Equal(first, second);
        Assert.All(first, v => Assert.True(d.Contains(v)));
        Assert.Equal(4, first.Distinct().Count());
        Assert.False(d.Contains(0));
        Assert.False(d.Contains(5));
        Assert.Equal(1, d.Size);
    }

    [Fact]
    public void BoxSamplesRespectBoundsAndContainsRejectsNaN()
    {
        var box = new Box([-1f, 0f, float.NegativeInfinity], [1f, 0f, float.PositiveInfinity]);
        var rng = new Rng(1);
        var x = new float[3];
        for (int i = 0; i < 100; i++)
        {
            box.Sample(rng, x);
            Assert.True(box.Contains(x));
            Assert.Equal(0f, x[1]);
        }
        Assert.False(box.Contains([0f, 0f, float.NaN]));
        Assert.False(box.Contains([2f, 0f, 0f]));
        Assert.False(box.Contains([0f, 0f]));
        var y = new float[] { 5f, -3f, 1e30f };
        box.Clip(y);
        Assert.Equal([1f, 0f, 1e30f], y);
        Assert.Equal([2, 3, 4], new Box(0f, 1f, 2, 3, 4).ShapeArray());
        Assert.Equal(24, new Box(0f, 1f, 2, 3, 4).Size);
    }

    [Fact]
    public void MultiDiscreteSamplesStayInside()
    {
        var md = new MultiDiscrete(2, 5, 1);
        var v = new int[3];
        for (int i = 0; i < 50; i++)
        {
            md.Sample(v);
            Assert.True(md.Contains(v));
        }
        Assert.False(md.Contains([2, 0, 0]));
        Assert.False(md.Contains([0, 0]));
    }
}
