using Distral.Nn;
using Distral.Tensors;

namespace Distral.Nn.Tests;

public class SoftUpdateTests
{
    [Fact]
    public void EveryParameterMovesTauTowardsTheSource()
    {
        // 64x3 weights etc. exercise both the SIMD body and the scalar tail of the lerp.
        var online = Mlp.Create([3, 64, 5], Activation.LeakyRelu, new Rng(1));
        var target = Mlp.Create([3, 64, 5], Activation.LeakyRelu, new Rng(2));
        var before = target.Parameters().Select(p => p.Span.ToArray()).ToArray();
        target.SoftUpdateFrom(online, 0.25f);
        var src = online.Parameters();
        var dst = target.Parameters();
        for (int p = 0; p < dst.Count; p++)
            for (int k = 0; k < dst[p].Size; k++)
            {
                float expected = before[p][k] + 0.25f * (src[p].Span[k] - before[p][k]);
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(dst[p].Span[k]));
            }
    }

    [Fact]
    public void TauOneCopiesAndTauZeroKeeps()
    {
        var online = Mlp.Create([2, 20, 3], Activation.Tanh, new Rng(3));
        var target = Mlp.Create([2, 20, 3], Activation.Tanh, new Rng(4));
        var kept = TestData.Bits(target.Parameters());
        target.SoftUpdateFrom(online, 0f);
        Assert.Equal(kept, TestData.Bits(target.Parameters()));
        // d + 1 * (s - d) rounds twice, so tau = 1 reaches the source only to within float rounding.
        target.SoftUpdateFrom(online, 1f);
        var src = online.Parameters();
        var dst = target.Parameters();
        for (int p = 0; p < dst.Count; p++)
            for (int k = 0; k < dst[p].Size; k++)
                Assert.Equal(src[p].Span[k], dst[p].Span[k], 1e-6f);
    }

    [Fact]
    public void MismatchedArchitecturesAndBadTauAreRefused()
    {
        var a = Mlp.Create([3, 5, 2], Activation.Relu, new Rng(5));
        Assert.Throws<ArgumentException>(() => a.SoftUpdateFrom(Mlp.Create([3, 6, 2], Activation.Relu, new Rng(5)), 0.1f));
        Assert.Throws<ArgumentException>(() => a.SoftUpdateFrom(Mlp.Create([3, 5, 5, 2], Activation.Relu, new Rng(5)), 0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SoftUpdateFrom(a, 1.5f));
    }

    [Fact]
    public void SoftUpdateAllocatesNothing()
    {
        var online = Mlp.Create([3, 64, 128, 64, 4], Activation.LeakyRelu, new Rng(6));
        var target = Mlp.Create([3, 64, 128, 64, 4], Activation.LeakyRelu, new Rng(7));
        target.SoftUpdateFrom(online, 0.005f);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) target.SoftUpdateFrom(online, 0.005f);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
