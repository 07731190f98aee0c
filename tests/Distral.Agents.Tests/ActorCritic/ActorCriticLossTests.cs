using Distral.Agents.ActorCritic;
using Distral.Agents.Distillation;
using Distral.Tensors;

namespace Distral.Agents.Tests.ActorCritic;

public class ActorCriticLossTests
{
    private const int Rows = 5, ObsSize = 3, Actions = 3;

    private static (ActorCriticColumn Column, float[] Obs, int[] ActionsTaken) Tiny(ulong seed, int valueOutputs = 1)
    {
        var rng = new Rng(seed);
        var column = new ActorCriticColumn(new MlpTorso(ObsSize, [4], rng), Actions, valueOutputs, rng);
        var obs = new float[Rows * ObsSize];
        for (int i = 0; i < obs.Length; i++) obs[i] = rng.NextFloat(-1f, 1f);
        var actions = new int[Rows];
        for (int i = 0; i < Rows; i++) actions[i] = rng.NextInt(Actions);
        return (column, obs, actions);
    }

    private static float[] Random(ulong seed, int n, float low, float high)
    {
        var rng = new Rng(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rng.NextFloat(low, high);
        return x;
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void PolicyGradientLossMatchesFiniteDifferences()
    {
        var (column, obs, actions) = Tiny(1);
        var advantages = Random(2, Rows, -1f, 1f);
        var result = GradientCheck.Check(g =>
        {
            var logits = column.Evaluate(g, g.Input(new Shape(Rows, ObsSize), obs), null, default).Logits;
            return ActorCriticObjective.PolicyGradient(g, g.LogSoftmax(logits), actions, advantages);
        }, column.Parameters(), 1e-2f);
        Assert.True(result.MaxError < 2e-2f, result.ToString());
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void TwoColumnPolicyGradientReachesBothColumnsAsFiniteDifferencesSay()
    {
        // 2col logits alpha h + u_i: the policy-gradient term trains the task column and, through alpha h, the distilled one.
        var (task, obs, actions) = Tiny(9);
        var (h, _, _) = Tiny(10, valueOutputs: 0);
        var advantages = Random(11, Rows, -1f, 1f);
        var parameters = task.Parameters().Concat(h.Parameters()).ToList();
        var result = GradientCheck.Check(g =>
        {
            var x = g.Input(new Shape(Rows, ObsSize), obs);
            var logits = g.Add(g.MulScalar(h.Evaluate(g, x, null, default).Logits, 0.5f), task.Evaluate(g, x, null, default).Logits);
            return ActorCriticObjective.PolicyGradient(g, g.LogSoftmax(logits), actions, advantages);
        }, parameters, 1e-2f);
        Assert.True(result.MaxError < 2e-2f, result.ToString());
        Assert.Contains(h.Parameters(), p => p.Grad.ToArray().Any(v => v != 0f));
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void ValueLossMatchesFiniteDifferences()
    {
        var (column, obs, _) = Tiny(3);
        var returns = Random(4, Rows, -2f, 2f);
        var result = GradientCheck.Check(g =>
        {
            var values = column.Evaluate(g, g.Input(new Shape(Rows, ObsSize), obs), null, default).Values!;
            return ActorCriticObjective.ValueRegression(g, g.Reshape(values, new Shape(Rows)), returns, 0.2f);
        }, column.Parameters(), 1e-2f);
        Assert.True(result.MaxError < 2e-2f, result.ToString());
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void DistillationTermOnTheDistilledColumnMatchesFiniteDifferences()
    {
        var (h, obs, _) = Tiny(5, valueOutputs: 0);
        var taskProbs = Random(6, Rows * Actions, 0.1f, 1f);
        var result = GradientCheck.Check(g =>
        {
            var logits = h.Evaluate(g, g.Input(new Shape(Rows, ObsSize), obs), null, default).Logits;
            return DistillationLosses.Expected(g, g.LogSoftmax(logits), g.Input(new Shape(Rows, Actions), taskProbs), 0.5f, 2f);
        }, h.Parameters(), 1e-2f);
        Assert.True(result.MaxError < 2e-2f, result.ToString());
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(1f)]
    public void AnalyticRegulariserMatchesFiniteDifferences(float alpha)
    {
        var (column, obs, _) = Tiny(7);
        var logPi0 = new float[Rows * Actions];
        var p = Random(8, Rows * Actions, 0.1f, 1f);
        for (int r = 0; r < Rows; r++)
        {
            float sum = p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2];
            for (int a = 0; a < Actions; a++) logPi0[r * 3 + a] = MathF.Log(p[r * 3 + a] / sum);
        }
        var result = GradientCheck.Check(g =>
        {
            var logits = column.Evaluate(g, g.Input(new Shape(Rows, ObsSize), obs), null, default).Logits;
            return ActorCriticObjective.AnalyticRegulariser(g, logits, logPi0, alpha, 3f, 0.25f);
        }, column.Parameters(), 1e-2f);
        Assert.True(result.MaxError < 2e-2f, result.ToString());
    }

    [Fact]
    public void DistillationGradientOnHIsAlphaOverBetaTimesPiMinusPi0()
    {
        // d/dh of -(alpha/beta) w sum_a pi_i(a) log softmax(h)_a is -(alpha/beta) w (pi_i - pi_0): descent moves h
        // along +(alpha/beta)(pi_i - pi_0), the paper's eq. 10 term.
        const float alpha = 0.5f, beta = 4f, w = 0.3f;
        float[] hValues = [0.3f, -0.2f, 1.1f, 0.0f];
        float[] piI = [0.1f, 0.2f, 0.3f, 0.4f];
        var g = new Graph();
        var h = Tensor.Parameter(new Shape(1, 4), "h");
        hValues.CopyTo(h.Span);
        var weights = g.Input(new Shape(1, 4), piI.Select(p => p * w).ToArray());
        g.Backward(DistillationLosses.Expected(g, g.LogSoftmax(h), weights, alpha, beta));
        var pi0 = new float[4];
        Distral.Agents.PolicyMath.Softmax(hValues, pi0);
        for (int a = 0; a < 4; a++) Assert.Equal(-(alpha / beta) * w * (piI[a] - pi0[a]), h.Grad[a], 6);
    }

    [Fact]
    public void DistillationGradientAndKlVanishWhenTheTaskPolicyEqualsPi0()
    {
        float[] hValues = [0.7f, -0.4f, 0.2f];
        var pi0 = new float[3];
        Distral.Agents.PolicyMath.Softmax(hValues, pi0);
        var g = new Graph();
        var h = Tensor.Parameter(new Shape(1, 3), "h");
        hValues.CopyTo(h.Span);
        var logPi0 = g.LogSoftmax(h);
        g.Backward(DistillationLosses.Expected(g, logPi0, g.Input(new Shape(1, 3), pi0), 1f, 2f));
        foreach (float d in h.Grad) Assert.Equal(0f, d, 6);
        // KL(pi_i || pi_0) = sum_a pi_i (log pi_i - log pi_0), which is the mean of the sampled regulariser
        // -(1/beta)(log pi_i - log pi_0) times -beta: zero at pi_i = pi_0 and positive otherwise.
        double Kl(float[] p) => p.Select((v, a) => v * (Math.Log(v) - Math.Log(pi0[a]))).Sum();
        Assert.Equal(0.0, Kl(pi0), 6);
        Assert.True(Kl([0.5f, 0.25f, 0.25f]) > 1e-3);
        double meanRegulariser = pi0.Select((p, a) => p * ActorCriticObjective.RegularisedReward(0f, MathF.Log(pi0[a]), MathF.Log(p), 1f, 2f)).Sum();
        Assert.Equal(0.0, meanRegulariser, 6);
    }

    [Fact]
    public void AnalyticRegulariserWithoutKlIsMinusTheEntropyBonus()
    {
        float[] logits = [0.5f, -1f, 0.25f];
        var g = new Graph();
        var x = g.Input(new Shape(1, 3), logits);
        var loss = ActorCriticObjective.AnalyticRegulariser(g, x, default, 0f, 4f, 1f);
        var p = new float[3];
        Distral.Agents.PolicyMath.Softmax(logits, p);
        double entropy = -p.Sum(v => v * Math.Log(v));
        Assert.Equal(-entropy / 4, loss.Item(), 5);
    }
}
