using Distral.Agents.Distillation;
using Distral.Tensors;

namespace Distral.Agents.Tests;

public class DistillationLossTests
{
    private static double[] LogSoftmax(double[] x)
    {
        double m = x.Max(), lse = m + Math.Log(x.Sum(v => Math.Exp(v - m)));
        return x.Select(v => v - lse).ToArray();
    }

    [Fact]
    public void SampledLossMatchesHandComputationAndRaisesTheTakenActionsProbability()
    {
        const float alpha = 0.8f, beta = 5f, gamma = 0.9f;
        double[] row0 = [0.2, -0.4, 1.0], row1 = [0.0, 0.3, -0.3];
        var g = new Graph();
        var h = Tensor.Parameter(new Shape(2, 3), "h");
        new[] { row0, row1 }.SelectMany(r => r).Select(v => (float)v).ToArray().CopyTo(h.Span);
        // Two rows of one task (m = 2) at time steps 0 and 3.
        float[] weights = [1f / 2, MathF.Pow(gamma, 3) / 2];
        var loss = DistillationLosses.Sampled(g, g.LogSoftmax(h), [2, 1], g.Input(new Shape(2), weights), alpha, beta);
        double expected = -(alpha / beta) * (weights[0] * LogSoftmax(row0)[2] + weights[1] * LogSoftmax(row1)[1]);
        Assert.Equal(expected, loss.Item(), 5);
        g.Backward(loss);
        // Descent direction -grad raises the taken action's logit and lowers the others'.
        Assert.True(h.Grad[2] < 0 && h.Grad[0] > 0 && h.Grad[1] > 0);
        Assert.True(h.Grad[4] < 0 && h.Grad[3] > 0 && h.Grad[5] > 0);
    }

    [Fact]
    public void ExpectedLossMatchesHandComputationAndIsMinimisedAtTheTaskPolicy()
    {
        const float alpha = 1f, beta = 2f;
        double[] row = [0.5, 0.1];
        double[] taskProbs = [0.7, 0.3];
        var g = new Graph();
        var h = Tensor.Parameter(new Shape(1, 2), "h");
        row.Select(v => (float)v).ToArray().CopyTo(h.Span);
        float w = 0.81f;
        var weighted = g.Input(new Shape(1, 2), taskProbs.Select(p => (float)(w * p)).ToArray());
        var loss = DistillationLosses.Expected(g, g.LogSoftmax(h), weighted, alpha, beta);
        var lp = LogSoftmax(row);
        Assert.Equal(-(alpha / beta) * w * (0.7 * lp[0] + 0.3 * lp[1]), loss.Item(), 5);
        g.Backward(loss);
        // grad_h = (alpha/beta) w (pi_0 - pi_i): zero exactly when pi_0 equals the task policy.
        double p0 = Math.Exp(lp[0]);
        Assert.Equal((alpha / beta) * w * (p0 - 0.7), h.Grad[0], 5);
        Assert.Equal(-(alpha / beta) * w * (p0 - 0.7), h.Grad[1], 5);
    }
}
