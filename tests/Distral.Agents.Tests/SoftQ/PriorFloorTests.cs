using Distral.Agents.SoftQ;
using Distral.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Distral.Agents.Tests;

/// <summary>The prior floor pi~_0 = (1 - floor) pi_0 + floor / A (SoftQOptions.PriorFloor) on hand-computed cases.</summary>
public class PriorFloorTests
{
    private static float[] LogPrior(float[] h, float floor)
    {
        var g = new Graph();
        return SoftQObjective.LogPrior(g, g.Input(new Shape(1, h.Length), h), floor).Span.ToArray();
    }

    [Fact]
    public void NoFloorIsLogSoftmax()
    {
        float[] h = [1f, 2f, -1f, 0.5f];
        double lse = Math.Log(h.Sum(x => Math.Exp(x)));
        var got = LogPrior(h, 0f);
        for (int a = 0; a < 4; a++) Assert.Equal(h[a] - lse, got[a], 5);
    }

    [Fact]
    public void FloorMixesAUniformShareIntoPi0()
    {
        // pi_0 = softmax([ln 0.7, ln 0.1, ln 0.1, ln 0.1]) = [0.7, 0.1, 0.1, 0.1]; floor 0.2:
        // pi~_0 = 0.8 pi_0 + 0.05 = [0.61, 0.13, 0.13, 0.13].
        float[] h = [MathF.Log(0.7f), MathF.Log(0.1f), MathF.Log(0.1f), MathF.Log(0.1f)];
        var got = LogPrior(h, 0.2f);
        double[] expected = [0.61, 0.13, 0.13, 0.13];
        for (int a = 0; a < 4; a++) Assert.Equal(Math.Log(expected[a]), got[a], 5);
        var row = new float[4];
        SoftQObjective.LogPriorRow(h, 0.2f, row);
        for (int a = 0; a < 4; a++) Assert.Equal(got[a], row[a], 5);
    }

    [Fact]
    public void FloorCapsTheCostOfOverridingADeterministicPi0()
    {
        // h = 1e4 on one action: pi_0 of the others underflows to 0; the floor keeps them at floor/A.
        float[] h = [1e4f, 0f, 0f, 0f];
        var got = LogPrior(h, 0.05f);
        Assert.All(got, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(Math.Log(0.0125), got[1], 4);
        Assert.Equal(Math.Log(0.95 + 0.0125), got[0], 4);
    }

    [Fact]
    public void FullFloorIsTheUniformPrior()
    {
        var got = LogPrior([3f, -2f, 0f, 1f], 1f);
        Assert.All(got, v => Assert.Equal(Math.Log(0.25), v, 5));
    }

    [Fact]
    public void PriorActingLogitsUseTheFlooredPrior()
    {
        // softmax(alpha log pi~_0 + beta f) by hand: pi~_0 = [0.61, 0.13, 0.13, 0.13], alpha 1, beta 2, f = [0, 0.5, 0, 0].
        float[] h = [MathF.Log(0.7f), MathF.Log(0.1f), MathF.Log(0.1f), MathF.Log(0.1f)];
        float[] f = [0f, 0.5f, 0f, 0f];
        var logits = new float[4];
        var probs = new float[4];
        SoftQObjective.ActingLogits(f, h, ActingPolicy.Prior, 1f, 2f, 5f, logits, priorFloor: 0.2f);
        PolicyMath.Softmax(logits, probs);
        double[] unnormalised = [0.61, 0.13 * Math.E, 0.13, 0.13];
        double z = unnormalised.Sum();
        for (int a = 0; a < 4; a++) Assert.Equal(unnormalised[a] / z, probs[a], 5);

        // Without a floor the same call is softmax(alpha h + beta f).
        SoftQObjective.ActingLogits(f, h, ActingPolicy.Prior, 1f, 2f, 5f, logits);
        PolicyMath.Softmax(logits, probs);
        double[] plain = [0.7, 0.1 * Math.E, 0.1, 0.1];
        for (int a = 0; a < 4; a++) Assert.Equal(plain[a] / plain.Sum(), probs[a], 5);
    }

    [Fact]
    public void SoftValueWithTheFlooredPriorMatchesHandComputation()
    {
        // V = (1/beta) log sum_a pi~_0(a) exp(beta f(a)), alpha 1, beta 4, pi~_0 = [0.61, 0.13, 0.13, 0.13].
        float[] h = [MathF.Log(0.7f), MathF.Log(0.1f), MathF.Log(0.1f), MathF.Log(0.1f)];
        float[] f = [1f, 0.5f, -1f, 0f];
        var g = new Graph();
        var logPrior = SoftQObjective.LogPrior(g, g.Input(new Shape(1, 4), h), 0.2f);
        float v = SoftQObjective.SoftValue(g, g.Input(new Shape(1, 4), f), logPrior, 1f, 4f).Span[0];
        double expected = Math.Log(0.61 * Math.Exp(4) + 0.13 * Math.Exp(2) + 0.13 * Math.Exp(-4) + 0.13) / 4;
        Assert.Equal(expected, v, 4);
    }

    [Fact]
    public void FlooredPriorIsADistributionWithEveryActionAtLeastFloorOverA()
    {
        var logits = Gen.Choose(-3000, 3000).Select(x => x / 10f).ArrayOf(4);
        var floors = Gen.Choose(0, 100).Select(x => x / 100f);
        Prop.ForAll(Arb.From(logits), Arb.From(floors), (float[] h, float floor) =>
        {
            var row = new float[4];
            SoftQObjective.LogPriorRow(h, floor, row);
            var tensor = LogPrior(h, floor);
            double sum = row.Sum(x => Math.Exp(x));
            bool ok = Math.Abs(sum - 1) < 1e-4;
            for (int a = 0; a < 4; a++)
            {
                ok &= float.IsFinite(row[a]) && float.IsFinite(tensor[a]);
                ok &= Math.Exp(row[a]) >= floor / 4 * (1 - 1e-5);
                ok &= Math.Abs(row[a] - tensor[a]) < 1e-3 * Math.Max(1, Math.Abs(row[a]));
            }
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void OutOfRangeFloorIsRefused(float floor)
    {
        var e = Assert.Throws<ArgumentException>(() => new SoftQOptions { PriorFloor = floor }.Validate());
        Assert.Contains("PriorFloor", e.Message);
    }
}
