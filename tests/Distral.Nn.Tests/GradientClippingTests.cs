using Distral.Tensors;

namespace Distral.Nn.Tests;

public class GradientClippingTests
{
    private static Tensor[] TwoTensors(float[] a, float[] b)
    {
        var p = Tensor.Parameter(new Shape(a.Length));
        var q = Tensor.Parameter(new Shape(b.Length));
        a.CopyTo(p.Grad);
        b.CopyTo(q.Grad);
        return [p, q];
    }

    [Fact]
    public void ClipGradNormScalesToMaxNormAndReturnsTheTotalNorm()
    {
        // Global norm of [3, 4] and [12] is 13.
        var ps = TwoTensors([3f, 4f], [12f]);
        float total = GradientClipping.ClipGradNorm(ps, 6.5f);
        Assert.Equal(13f, total, 5);
        float coef = 6.5f / (13f + 1e-6f);
        Assert.Equal([3f * coef, 4f * coef], ps[0].Grad.ToArray());
        Assert.Equal([12f * coef], ps[1].Grad.ToArray());
    }

    [Fact]
    public void ClipGradNormLeavesSmallGradientsAlone()
    {
        var ps = TwoTensors([3f, 4f], [12f]);
        Assert.Equal(13f, GradientClipping.ClipGradNorm(ps, 20f), 5);
        Assert.Equal([3f, 4f], ps[0].Grad.ToArray());
        Assert.Equal([12f], ps[1].Grad.ToArray());
    }

    [Fact]
    public void ClipGradValueClampsEachElement()
    {
        var ps = TwoTensors([-3f, 0.25f], [0.6f]);
        GradientClipping.ClipGradValue(ps, 0.5f);
        Assert.Equal([-0.5f, 0.25f], ps[0].Grad.ToArray());
        Assert.Equal([0.5f], ps[1].Grad.ToArray());
    }

    [Fact]
    public void ClipGradValueEqualsMathClampOnEveryLengthIncludingNaNAndInfinities()
    {
        // The clamp is vectorised with a scalar tail: every length from 0 to 70 crosses both paths.
        var rng = new Rng(5);
        for (int length = 0; length <= 70; length++)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
            {
                values[i] = rng.NextInt(10) switch
                {
                    0 => float.NaN,
                    1 => float.PositiveInfinity,
                    2 => float.NegativeInfinity,
                    _ => rng.NextFloat(-3f, 3f),
                };
            }
            var p = Tensor.Parameter(new Shape(Math.Max(length, 1)));
            var grad = p.Grad[..length];
            values.CopyTo(grad);
            GradientClipping.ClipGradValue([p], 1.5f);
            for (int i = 0; i < length; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(Math.Clamp(values[i], -1.5f, 1.5f)), BitConverter.SingleToInt32Bits(p.Grad[i]));
        }
    }
}
