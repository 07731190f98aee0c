using Distral.Tensors;

namespace Distral.Tensors.Tests;

public class CoreTests
{
    [Fact]
    public void ParameterGradientsAccumulateAcrossBackwardPasses()
    {
        var x = Tensor.Parameter(new Shape(3));
        var g = new Graph();
        g.Backward(g.Sum(g.Neg(x)));
        g.Reset();
        g.Backward(g.Sum(g.Neg(x)));
        Assert.Equal([-2f, -2f, -2f], x.Grad.ToArray());
        x.ZeroGrad();
        Assert.Equal([0f, 0f, 0f], x.Grad.ToArray());
    }

    [Fact]
    public void NoGradRecordsNothing()
    {
        var x = Tensor.Parameter(new Shape(2));
        var g = new Graph();
        using (g.NoGrad())
        {
            var y = g.Neg(x);
            Assert.False(y.RequiresGrad);
        }
        Assert.True(g.GradEnabled);
    }

    [Fact]
    public void ResetReusesTensorObjectsAndArena()
    {
        var x = Tensor.Parameter(new Shape(4, 8));
        var g = new Graph();
        g.Backward(g.Sum(g.Neg(x)));
        g.Reset();
        long floats = g.ArenaFloats;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            g.Backward(g.Sum(g.Neg(x)));
            g.Reset();
        }
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(floats, g.ArenaFloats);
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void GradientCheckAgreesOnNegAndSum()
    {
        var x = Tensor.Parameter(new Shape(2, 3));
        for (int i = 0; i < 6; i++) x.Span[i] = i * 0.3f - 1;
        var r = GradientCheck.Check(g => g.Sum(g.Neg(x)), [x]);
        Assert.True(r.MaxError < 1e-3, r.ToString());
    }
}
