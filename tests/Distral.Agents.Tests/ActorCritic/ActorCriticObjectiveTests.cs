using Distral.Agents.ActorCritic;
using FsCheck;
using FsCheck.Fluent;

namespace Distral.Agents.Tests.ActorCritic;

/// <summary>
/// <see cref="ActorCriticObjective"/> on its own: rollouts of 2 steps with 3 actions and free network outputs. The
/// gradients are checked against central finite differences of the double-precision reference in
/// <see cref="ObjectiveCase"/> with the loss's constants (advantages, returns, pi_i and log pi_0 as weights) held at
/// their values, which is the function the objective's graph differentiates.
/// </summary>
public class ActorCriticObjectiveTests
{
    private static ActorCriticOptions Options(float alpha, float beta, RegulariserForm form) => ActorCriticOptions.KlEnt2Col with
    {
        Alpha = alpha, Beta = beta, Gamma = 0.9f, ValueLossCoefficient = 0.5f, UnrollLength = 2, Regulariser = form,
    };

    [Theory]
    [InlineData(RegulariserForm.Sampled)]
    [InlineData(RegulariserForm.ExpectedNow)]
    [InlineData(RegulariserForm.PerState)]
    public void UniformPoliciesGiveTheHandComputedTerms(RegulariserForm form)
    {
        // One task, two copies, two steps; pi_i = pi_0 = uniform (logits and h all 0), alpha 0.5, beta 2, gamma 0.9:
        // every action's regulariser is c = (alpha log pi_0 - log pi_i) / beta = (ln 3) / 4.
        var k = new ObjectiveCase(Options(0.5f, 2f, form), tasks: 1, copies: 2);
        float[] values = [0.5f, -0.5f, 1f, 0f, 10f, 4f]; // rows t*W + w; t = 2 only bootstraps
        values.CopyTo(k.Values[0], 0);
        var r = k.Rollout;
        float[] rewards = [1f, 0f, 0f, 2f];
        int[] actions = [0, 1, 2, 0];
        rewards.CopyTo(r.Rewards, 0);
        actions.CopyTo(r.Actions, 0);
        r.Terminated[2] = true;       // copy 0 ends at t = 1
        r.Truncated[1] = true;        // copy 1 is cut at t = 0, V(s') = 3
        r.TruncationValues[1] = 3f;

        double c = Math.Log(3) / 4, inReturn = form == RegulariserForm.PerState ? 0 : c;
        double g01 = inReturn, g00 = 1 + inReturn + 0.9 * g01;            // copy 0: terminal at t = 1
        double g11 = 2 + inReturn + 0.9 * 4, g10 = inReturn + 0.9 * 3;    // copy 1: bootstrap V(s_2) = 4; cut at t = 0
        double[] returns = [g00, g10, g01, g11];
        double[] v = [0.5, -0.5, 1, 0];
        // Uniform pi_i: ExpectedNow's correction (the sampled regulariser minus its mean) is 0, so A = G - V in every form.
        var advantages = returns.Zip(v, (g, x) => g - x).ToArray();
        double policy = advantages.Sum() * Math.Log(3) / 4;                       // -(1/4) sum_r A_r log(1/3)
        double value = returns.Zip(v, (g, x) => 0.5 * (x - g) * (x - g)).Sum() / 4;
        double regulariser = form == RegulariserForm.Sampled ? 0 : -c;            // -(1/4) 4 rows sum_a (1/3) c
        double distill = 0.5 / 2 * Math.Log(3);                                   // -(alpha/beta)(1/4) 4 rows sum_a (1/3) log(1/3)

        var (loss, logitGrads, valueGrads, hGrad) = k.Run();
        Assert.Equal(policy, loss.PolicyGradient, 5);
        Assert.Equal(value, loss.Value, 5);
        Assert.Equal(regulariser, loss.Regulariser, 5);
        Assert.Equal(distill, loss.Distillation, 5);
        Assert.Equal(Math.Log(3), loss.Entropy, 5);
        Assert.Equal(policy + 0.5 * value + regulariser + distill, loss.Total.Item(), 4);

        // d/dV_r = c_v (1/4)(V_r - G_r) on the unroll's rows; V(s_2) enters the returns only, as a constant.
        for (int row = 0; row < 4; row++) Assert.Equal(0.5 * (v[row] - returns[row]) / 4, valueGrads[0][row], 5);
        Assert.Equal(new[] { 0f, 0f }, valueGrads[0][4..]);
        // d/dlogit_b = -(A_r/4)(1[b = a_r] - 1/3): the analytic regulariser is stationary at pi_i = pi_0 = uniform.
        // (With one task, task row t*W + w is rollout row t*M + w.)
        for (int row = 0; row < 4; row++)
            for (int b = 0; b < 3; b++)
                Assert.Equal(-advantages[row] / 4 * ((b == actions[row] ? 1 : 0) - 1.0 / 3), logitGrads[0][row * 3 + b], 5);
        Assert.All(logitGrads[0][12..], x => Assert.Equal(0f, x));
        // d/dh = (alpha/beta)(1/4)(pi_0 - pi_i) = 0.
        Assert.All(hGrad, x => Assert.Equal(0f, x, 6));
    }

    public static TheoryData<RegulariserForm, float> FormsAndAlphas()
    {
        var data = new TheoryData<RegulariserForm, float>();
        foreach (var form in Enum.GetValues<RegulariserForm>())
            foreach (float alpha in new[] { 0f, 0.5f, 1f }) data.Add(form, alpha);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormsAndAlphas))]
    public void EveryPartMatchesTheReferenceOnRandomRollouts(RegulariserForm form, float alpha)
    {
        foreach (var (tasks, copies) in new[] { (1, 2), (2, 1), (2, 3) })
        {
            for (ulong seed = 1; seed <= 5; seed++)
            {
                var k = ObjectiveCase.Random(Options(alpha, 1.5f, form), tasks, copies, seed);
                var expected = k.Reference();
                var (loss, _, _, _) = k.Run();
                AssertClose(expected.PolicyGradient, loss.PolicyGradient, "policy gradient");
                AssertClose(expected.Value, loss.Value, "value");
                AssertClose(expected.Regulariser, loss.Regulariser, "regulariser");
                AssertClose(expected.Distillation, loss.Distillation, "distillation");
                AssertClose(expected.Entropy, loss.Entropy, "entropy");
                AssertClose(expected.Total, loss.Total.Item(), "total");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FormsAndAlphas))]
    public void GradientsMatchFiniteDifferencesWithTheConstantsHeld(RegulariserForm form, float alpha)
    {
        var k = ObjectiveCase.Random(Options(alpha, 1.5f, form), tasks: 2, copies: 2, seed: 11);
        var (_, logitGrads, valueGrads, hGrad) = k.Run();
        var constants = k.Freeze();
        var logits = ObjectiveCase.ToDouble(k.Logits);
        var values = ObjectiveCase.ToDouble(k.Values);
        double[] h = [.. k.H.Select(x => (double)x)];
        for (int i = 0; i < k.Tasks; i++)
        {
            CheckAgainstFiniteDifferences(logits[i], logitGrads[i], $"task {i} logits");
            CheckAgainstFiniteDifferences(values[i], valueGrads[i], $"task {i} values");
        }
        CheckAgainstFiniteDifferences(h, hGrad, "h");
        if (alpha == 0f) Assert.All(hGrad, x => Assert.Equal(0f, x));

        void CheckAgainstFiniteDifferences(double[] x, float[] analytic, string what)
        {
            const double eps = 1e-4;
            for (int e = 0; e < x.Length; e++)
            {
                double keep = x[e];
                x[e] = keep + eps;
                double plus = k.Evaluate(constants, logits, values, h).Total;
                x[e] = keep - eps;
                double minus = k.Evaluate(constants, logits, values, h).Total;
                x[e] = keep;
                double numeric = (plus - minus) / (2 * eps);
                Assert.True(Math.Abs(numeric - analytic[e]) < 1e-4 * Math.Max(1, Math.Abs(numeric)),
                    $"{what}[{e}]: analytic {analytic[e]}, finite differences {numeric}");
            }
        }
    }

    private static readonly Gen<ObjectiveCase> Cases =
        from seed in Gen.Choose(0, int.MaxValue)
        from form in Gen.Elements(Enum.GetValues<RegulariserForm>())
        from alpha in Gen.Elements(0f, 0.25f, 0.5f, 1f)
        from beta in Gen.Choose(5, 50).Select(x => x / 10f)
        from tasks in Gen.Choose(1, 2)
        from copies in Gen.Choose(1, 2)
        select ObjectiveCase.Random(Options(alpha, beta, form), tasks, copies, (ulong)seed);

    [Fact]
    public void TheLossIsTheSumOfItsParts()
    {
        Prop.ForAll(Arb.From(Cases), k =>
        {
            var (loss, _, _, _) = k.Run();
            double parts = loss.PolicyGradient + k.Options.ValueLossCoefficient * loss.Value + loss.Regulariser + loss.Distillation;
            return Math.Abs(loss.Total.Item() - parts) < 1e-4 * Math.Max(1, Math.Abs(parts));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TheGradientOnHIsAlphaOverBetaTimesPi0MinusPiOnEveryVisitedRow()
    {
        // Only the distillation term reaches h here (the task logits are free outputs, not w_h h + u_i), whatever the
        // form: (alpha/beta)(1/(nW))(pi_0 - pi_i) on the unroll's rows, 0 on the bootstrap rows (paper eq. 10).
        Prop.ForAll(Arb.From(Cases), k =>
        {
            var (_, _, _, hGrad) = k.Run();
            var probs = k.Freeze().TaskProbs;
            int n = k.Steps, m = k.Rows, a = ObjectiveCase.Actions;
            bool ok = hGrad.Skip(n * m * a).All(x => x == 0f);
            for (int row = 0; row < n * m; row++)
            {
                int t = row / m, i = row % m / k.Copies, r = t * k.Copies + row % m % k.Copies;
                var pi0 = Softmax(k.H.AsSpan(row * a, a));
                for (int b = 0; b < a; b++)
                {
                    double expected = k.Options.HasKl ? k.Options.Alpha / k.Options.Beta / (n * k.Copies) * (pi0[b] - probs[i][r * a + b]) : 0;
                    ok &= Math.Abs(hGrad[row * a + b] - expected) < 1e-5;
                }
            }
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WithoutAKlTermHChangesNothing()
    {
        // alpha = 0 (the A3C baselines): no pi_0 in the rewards, no distillation; h may exist (a3c-2col) but is ignored here.
        Prop.ForAll(Arb.From(Cases), k =>
        {
            var options = k.Options with { Alpha = 0f };
            var one = Copy(k, options);
            var other = Copy(k, options);
            for (int e = 0; e < other.H.Length; e++) other.H[e] = -3f * other.H[e] + 1f;
            var (lossOne, logitsOne, valuesOne, hOne) = one.Run();
            var (lossOther, logitsOther, valuesOther, _) = other.Run();
            return lossOne.Total.Item() == lossOther.Total.Item() && lossOne.Distillation == 0 && hOne.All(x => x == 0f)
                && logitsOne.Zip(logitsOther).All(p => p.First.SequenceEqual(p.Second))
                && valuesOne.Zip(valuesOther).All(p => p.First.SequenceEqual(p.Second));
        }).QuickCheckThrowOnFailure();
    }

    private static ObjectiveCase Copy(ObjectiveCase k, ActorCriticOptions options)
    {
        var c = new ObjectiveCase(options, k.Tasks, k.Copies);
        for (int i = 0; i < k.Tasks; i++)
        {
            k.Logits[i].CopyTo(c.Logits[i], 0);
            k.Values[i].CopyTo(c.Values[i], 0);
        }
        k.H.CopyTo(c.H, 0);
        k.Rollout.Actions.CopyTo(c.Rollout.Actions, 0);
        k.Rollout.Rewards.CopyTo(c.Rollout.Rewards, 0);
        k.Rollout.Terminated.CopyTo(c.Rollout.Terminated, 0);
        k.Rollout.Truncated.CopyTo(c.Rollout.Truncated, 0);
        k.Rollout.TruncationValues.CopyTo(c.Rollout.TruncationValues, 0);
        return c;
    }

    private static double[] Softmax(ReadOnlySpan<float> logits)
    {
        var p = new float[logits.Length];
        PolicyMath.Softmax(logits, p);
        return [.. p.Select(x => (double)x)];
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) < 1e-4 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");
}
