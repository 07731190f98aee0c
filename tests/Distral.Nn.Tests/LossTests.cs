using Distral.Tensors;

namespace Distral.Nn.Tests;

public class LossTests
{
    [Fact]
    public void LossValuesMatchHandComputation()
    {
        var g = new Graph();
        var p = g.Input(new Shape(4), [0f, 1f, -3f, 0.5f]);
        var t = g.Input(new Shape(4), [0f, 0f, 0f, 0f]);
        // d = [0, 1, -3, 0.5]
        Assert.Equal((0 + 1 + 9 + 0.25f) / 4, g.MseLoss(p, t).Item(), 6);
        // Huber delta 1: [0, 0.5, 3 - 0.5, 0.125]
        Assert.Equal((0 + 0.5f + 2.5f + 0.125f) / 4, g.HuberLoss(p, t).Item(), 6);
        // Smooth L1 beta 2: |d| < 2 -> 0.5 d^2 / 2: [0, 0.25, 3 - 1, 0.0625]
        Assert.Equal((0 + 0.25f + 2f + 0.0625f) / 4, g.SmoothL1Loss(p, t, 2f).Item(), 6);
        // Huber with delta 1 equals smooth L1 with beta 1.
        Assert.Equal(g.HuberLoss(p, t).Item(), g.SmoothL1Loss(p, t).Item());
    }

    [Fact]
    public void ShapeMismatchIsRejected()
    {
        var g = new Graph();
        var e = Assert.Throws<ArgumentException>(() => g.MseLoss(g.Zeros(new Shape(2, 3)), g.Zeros(new Shape(3, 2))));
        Assert.Contains("[2, 3]", e.Message);
    }
}
