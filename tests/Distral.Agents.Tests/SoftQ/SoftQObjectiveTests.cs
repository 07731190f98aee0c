using Distral.Agents.Replay;
using Distral.Agents.SoftQ;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.Tests;

public class SoftQObjectiveTests
{
    private static float SoftValue(float[] f, float[]? prior, float alpha, float beta)
    {
        var g = new Graph();
        var ft = g.Input(new Shape(1, f.Length), f);
        Tensor? logPrior = prior is null ? null : g.Input(new Shape(1, f.Length), prior.Select(p => MathF.Log(p)).ToArray());
        return SoftQObjective.SoftValue(g, ft, logPrior, alpha, beta).Span[0];
    }

    [Fact]
    public void SoftValueWithPriorMatchesHandComputation()
    {
        // V = (1/5) log(0.25^0.8 e^(5*1) + 0.75^0.8 e^(5*2)) = 2.0 + 0.2 log(0.25^0.8 e^-5 + 0.75^0.8)
        double expected = 0.2 * Math.Log(Math.Pow(0.25, 0.8) * Math.Exp(5) + Math.Pow(0.75, 0.8) * Math.Exp(10));
        Assert.Equal(1.9545, expected, 1e-4); // the hand value, to catch a wrong reference formula too
        Assert.Equal(expected, SoftValue([1f, 2f], [0.25f, 0.75f], alpha: 0.8f, beta: 5f), 4);
    }

    [Fact]
    public void SoftValueWithoutPriorUsesTheUniformPrior()
    {
        double expected = 0.2 * Math.Log(Math.Pow(0.5, 0.8) * (Math.Exp(5) + Math.Exp(10)));
        Assert.Equal(expected, SoftValue([1f, 2f], null, 0.8f, 5f), 4);
        Assert.Equal(expected, SoftValue([1f, 2f], [0.5f, 0.5f], 0.8f, 5f), 4);
    }

    [Fact]
    public void SoftValueWithAlphaZeroIgnoresThePrior()
    {
        double expected = 0.2 * Math.Log(Math.Exp(5) + Math.Exp(10));
        Assert.Equal(expected, SoftValue([1f, 2f], [0.01f, 0.99f], 0f, 5f), 4);
    }

    [Theory]
    [InlineData(5f)]
    [InlineData(20f)]
    [InlineData(100f)]
    public void SoftValueStaysFiniteForLargeBetaAndLargeValues(float beta)
    {
        // beta * f = 10,000 at beta 100: a naive exp overflows; the stable form gives ~ max f + (alpha/beta) log pi_0(argmax).
        float v = SoftValue([100f, 99f, -50f, 100f], [0.1f, 0.2f, 0.3f, 0.4f], 0.8f, beta);
        Assert.True(float.IsFinite(v));
        double expected = 100 + Math.Log(Math.Pow(0.1, 0.8) + Math.Pow(0.4, 0.8) + Math.Pow(0.2, 0.8) * Math.Exp(-beta)) / beta;
        Assert.Equal(expected, v, 3);
    }

    [Fact]
    public void SoftValueHardensToMaxAsBetaGrows()
    {
        float v = SoftValue([0.3f, 1.5f, -2f], [1 / 3f, 1 / 3f, 1 / 3f], 1f, 1000f);
        Assert.Equal(1.5f, v, 2);
    }

    [Fact]
    public void TdTargetsBootstrapUnlessTerminal()
    {
        float[] returns = [-0.1f, 1.0f, 0.5f];
        float[] discounts = [0.999f, 0f, 0.25f];
        float[] values = [2f, float.NaN, -4f]; // a terminal row's V must not even be read
        var y = new float[3];
        SoftQObjective.TdTargets(returns, discounts, values, y);
        Assert.Equal(-0.1f + 0.999f * 2f, y[0], 6);
        Assert.Equal(1.0f, y[1]);
        Assert.Equal(0.5f - 1f, y[2], 6);
    }

    [Fact]
    public void NStepTargetsFromReplayAreDiscountedSumsPlusGammaToTheNTimesV()
    {
        // Observations equal the step index; 3-step windows of a 5-step episode truncated by a time limit.
        var buffer = new ReplayBuffer(16, 1);
        float[] rewards = [1, 2, 3, 4, 5];
        for (int t = 0; t < 5; t++) buffer.Add([t], 0, rewards[t], [t + 1], false, t == 4, t);
        var batch = new NStepBatch();
        buffer.SampleNStep(new Rng(1), 64, 3, 0.5f, batch);
        var values = new float[64];
        for (int r = 0; r < 64; r++) values[r] = 10 * batch.NextObservations[r]; // V(s) = 10 s
        var y = new float[64];
        SoftQObjective.TdTargets(batch.Returns, batch.BootstrapDiscounts, values, y);
        for (int r = 0; r < 64; r++)
        {
            int t = (int)batch.Observations[r];
            int k = Math.Min(3, 5 - t);
            double expected = 0;
            for (int j = 0; j < k; j++) expected += Math.Pow(0.5, j) * rewards[t + j];
            expected += Math.Pow(0.5, k) * 10 * (t + k);
            Assert.Equal(expected, y[r], 4);
        }
    }

    [Fact]
    public void SoftQLossValueAndGradientSign()
    {
        var g = new Graph();
        var f = Tensor.Parameter(new Shape(2, 2), "f");
        float[] fValues = [1f, 3f, -2f, 0.5f];
        fValues.CopyTo(f.Span);
        var q = g.Gather(f, [1, 0]); // 3, -2
        var y = g.Input(new Shape(2), [2f, -1f]);
        var loss = g.MseLoss(q, y);
        Assert.Equal(((3 - 2) * (3 - 2) + (-2 + 1) * (-2 + 1)) / 2f, loss.Item(), 6);
        g.Backward(loss);
        // d/dq mean((q - y)^2) = (q - y): positive when f overshoots, negative when it undershoots; others zero.
        Assert.Equal(1f, f.Grad[1], 5);
        Assert.Equal(-1f, f.Grad[2], 5);
        Assert.Equal(0f, f.Grad[0]);
        Assert.Equal(0f, f.Grad[3]);
    }

    [Fact]
    public void ActingLogitsFollowTheActingOption()
    {
        float[] f = [1f, 2f];
        float[] h = [0.5f, -1f];
        var logits = new float[2];
        SoftQObjective.ActingLogits(f, h, ActingPolicy.Prior, 0.8f, 5f, 7f, logits);
        Assert.Equal([0.8f * 0.5f + 5f, 0.8f * -1f + 10f], logits);
        SoftQObjective.ActingLogits(f, [], ActingPolicy.Prior, 0.8f, 5f, 7f, logits);
        Assert.Equal([5f, 10f], logits);
        SoftQObjective.ActingLogits(f, h, ActingPolicy.Raw, 0.8f, 5f, 7f, logits);
        Assert.Equal([1f, 2f], logits);
        SoftQObjective.ActingLogits(f, h, ActingPolicy.Scaled, 0.8f, 5f, 7f, logits);
        Assert.Equal([7f, 14f], logits);
    }

    [Fact]
    public void EpsilonFollowsTheThesisSchedule()
    {
        var o = new SoftQOptions();
        Assert.Equal(0.9f, SoftQActor.Epsilon(o, 0), 6);
        Assert.Equal(0.05f + 0.85f * MathF.Exp(-1f), SoftQActor.Epsilon(o, 5), 6);
        Assert.Equal(0.05f, SoftQActor.Epsilon(o, 200), 4);
    }
}
