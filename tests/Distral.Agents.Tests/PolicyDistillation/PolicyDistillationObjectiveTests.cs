using Distral.Agents.PolicyDistillation;
using Distral.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Distral.Agents.Tests.PolicyDistillation;

public class PolicyDistillationObjectiveTests
{
    private static PolicyDistillationObjective Objective(StudentLoss loss, float tau = 1f, float beta = 0.5f) =>
        new(PolicyDistillationOptions.PolicyDistillation with { Loss = loss, Tau = tau, FeatureBeta = beta });

    private static Tensor Param(int rows, int cols, params float[] values)
    {
        var t = Tensor.Parameter(new Shape(rows, cols));
        values.CopyTo(t.Span);
        return t;
    }

    private static float Loss(StudentLoss kind, float tau, float[] z, float[] q, int actions)
    {
        var g = new Graph();
        int rows = z.Length / actions;
        return Objective(kind, tau).PolicyLoss(g, Param(rows, actions, z), q, new float[q.Length], new int[rows]).Item();
    }

    [Fact]
    public void NllIsMinusTheLogProbabilityOfTheTeachersBestAction()
    {
        // Uniform student over 3 actions: -log(1/3) whatever the best action; row 2 picks action 0 (q 5).
        float loss = Loss(StudentLoss.Nll, 1f, [0, 0, 0, 1, 0, 0], [1, 3, 2, 5, 4, -1], 3);
        double row1 = Math.Log(3), row2 = -(1 - Math.Log(Math.E + 2));
        Assert.Equal((row1 + row2) / 2, loss, 5);
    }

    [Fact]
    public void MseIsTheMeanOverRowsOfTheSquaredDistance()
    {
        Assert.Equal(((1 + 4) + (0 + 9)) / 2.0, Loss(StudentLoss.Mse, 1f, [1, 2, 3, 3], [0, 4, 3, 0], 2), 5);
    }

    [Fact]
    public void KlMatchesTheHandComputation()
    {
        // p = (1/2, 1/2) at tau 1; student softmax(0, ln 3) = (1/4, 3/4).
        float loss = Loss(StudentLoss.Kl, 1f, [0, MathF.Log(3)], [0.25f, 0.25f], 2);
        Assert.Equal(0.5 * Math.Log(2) + 0.5 * Math.Log(2.0 / 3), loss, 5);
        // tau sharpens: q (1, 0) at tau 0.5 is softmax(2, 0).
        float sharp = Loss(StudentLoss.Kl, 0.5f, [0, 0], [1, 0], 2);
        double p0 = Math.Exp(2) / (Math.Exp(2) + 1), p1 = 1 - p0;
        Assert.Equal(p0 * Math.Log(p0 / 0.5) + p1 * Math.Log(p1 / 0.5), sharp, 5);
    }

    [Fact]
    public void KlApproachesNllAsTheTemperatureGoesToZero()
    {
        Prop.ForAll(Gen.Choose(0, 10_000).ToArbitrary(), seed =>
        {
            var rng = new Rng((ulong)seed + 1);
            float[] z = new float[8], q = new float[8];
            for (int k = 0; k < 8; k++) (z[k], q[k]) = (rng.NextFloat() * 4 - 2, rng.NextFloat() * 4 - 2);
            q[rng.NextInt(4)] += 1f;       // a best action of row 0 ahead by at least ~1 ...
            q[4 + rng.NextInt(4)] += 1f;   // ... usually; tau 1e-3 makes a gap of 0.05 already decisive
            double nll = Loss(StudentLoss.Nll, 1f, z, q, 4);
            double kl = Loss(StudentLoss.Kl, 1e-3f, z, q, 4);
            double gap0 = Gap(q.AsSpan(0, 4)), gap1 = Gap(q.AsSpan(4, 4));
            return (Math.Min(gap0, gap1) < 0.05 || Math.Abs(kl - nll) < 1e-3).Label($"kl {kl} nll {nll}");
        }).QuickCheckThrowOnFailure();
    }

    private static double Gap(ReadOnlySpan<float> q)
    {
        var sorted = q.ToArray().OrderDescending().ToArray();
        return sorted[0] - sorted[1];
    }

    [Theory]
    [InlineData(StudentLoss.Nll)]
    [InlineData(StudentLoss.Mse)]
    [InlineData(StudentLoss.Kl)]
    public void GradientsMatchFiniteDifferences(StudentLoss kind)
    {
        var z = Param(3, 4, 0.3f, -0.2f, 0.9f, 0.1f, -1.1f, 0.4f, 0.2f, 0.7f, 0.05f, -0.3f, 0.6f, -0.8f);
        float[] q = [1, 2, 0.5f, -1, 0.3f, 0.2f, 3, 1, -2, 0, 1, 0.5f];
        var objective = Objective(kind, tau: 0.7f);
        var result = GradientCheck.Check(g => objective.PolicyLoss(g, z, q, new float[12], new int[3]), [z]);
        Assert.True(result.MaxError < 2e-3f, result.ToString());
    }

    [Fact]
    public void FeatureLossIsBetaTimesTheMeanSquaredDistanceAndItsGradientMatches()
    {
        var objective = Objective(StudentLoss.Kl, beta: 0.5f);
        var predicted = Param(2, 2, 1, 2, 0, -1);
        var g = new Graph();
        var loss = objective.FeatureLoss(g, predicted, g.Input(new Shape(2, 2), [0, 0, 1, 1]));
        Assert.Equal(0.5 * ((1 + 4) + (1 + 4)) / 2, loss.Item(), 5);
        var result = GradientCheck.Check(gg => objective.FeatureLoss(gg, predicted, gg.Input(new Shape(2, 2), [0, 0, 1, 1])), [predicted]);
        Assert.True(result.MaxError < 2e-3f, result.ToString());
    }

    [Fact]
    public void AStudentEqualToItsTeacherHasNoLoss()
    {
        float[] q = [0.5f, -1f, 2f, 0.25f, 0.25f, -3f];
        Assert.Equal(0f, Loss(StudentLoss.Mse, 1f, q, q, 3));
        Assert.Equal(0f, Loss(StudentLoss.Kl, 1f, q, q, 3), 6);
        // At tau 0.2 the matching student is q / 0.2.
        Assert.Equal(0f, Loss(StudentLoss.Kl, 0.2f, [.. q.Select(v => v / 0.2f)], q, 3), 5);
    }

    [Fact]
    public void TheTemperedLogSoftmaxIsStableForATinyTemperature()
    {
        var logP = new float[3];
        PolicyDistillationObjective.LogSoftmaxAtTemperature([100f, 99f, -50f], 1e-4f, logP);
        Assert.Equal(0f, logP[0]);
        Assert.True(float.IsFinite(logP[1]) && logP[1] < -1000);
        Assert.True(float.IsFinite(logP[2]));
    }
}
