using Distral.Agents.Tabular;
using Distral.Envs;
using Xunit.Abstractions;

namespace Distral.Agents.Tests;

public sealed class TabularSoftValueTests(ITestOutputHelper output)
{
    private static double[] UniformLog(TabularModel model)
    {
        var log = new double[model.NumStates * model.NumActions];
        Array.Fill(log, -Math.Log(model.NumActions));
        return log;
    }

    /// <summary>Textbook maximum-entropy soft Q iteration (Jacobi, naive log(sum(exp))), for small beta only.</summary>
    private static (double[] Q, double[] V) NaiveSoftQ(TabularModel model, double beta, double gamma, double perStepShift)
    {
        int numStates = model.NumStates, numActions = model.NumActions;
        var v = new double[numStates];
        var q = new double[numStates * numActions];
        for (int sweep = 0; sweep < 20000; sweep++)
        {
            for (int sa = 0; sa < q.Length; sa++)
            {
                double expected = 0;
                for (int k = model.TransitionStart[sa]; k < model.TransitionStart[sa + 1]; k++)
                    expected += model.Probability[k] * (model.Terminal[model.NextState[k]] ? 0 : v[model.NextState[k]]);
                q[sa] = model.Reward[sa] - perStepShift + gamma * expected;
            }
            for (int s = 0; s < numStates; s++)
            {
                if (model.Terminal[s]) { v[s] = 0; continue; }
                double sum = 0;
                for (int a = 0; a < numActions; a++) sum += Math.Exp(beta * q[s * numActions + a]);
                v[s] = Math.Log(sum) / beta;
            }
        }
        return (q, v);
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.95)]
    [InlineData(1.0, 50.0, 0.999)]
    [InlineData(0.5, 5.0, 0.99)]
    [InlineData(1.0, 5.0, 1.0)]
    public void Fixed_point_residual_is_below_tolerance(double alpha, double beta, double gamma)
    {
        foreach (var model in TestMaps.TwoRoomModels())
        {
            // A non-uniform prior so the pi_0^alpha shaping is exercised.
            var logPrior = new double[model.NumStates * 4];
            for (int s = 0; s < model.NumStates; s++)
            for (int a = 0; a < 4; a++) logPrior[s * 4 + a] = Math.Log(a == GridWorld.Right ? 0.55 : 0.15);
            var solution = SoftValueIteration.Solve(model, logPrior, alpha, beta, gamma, 1e-12);
            Assert.True(solution.Converged);
            Assert.True(solution.BellmanResidual < 1e-11, $"residual {solution.BellmanResidual}");
            // pi = pi_0^alpha exp(beta (Q - V)) and it sums to one.
            for (int s = 0; s < model.NumStates; s++)
            {
                if (model.Terminal[s]) continue;
                double total = 0;
                for (int a = 0; a < 4; a++)
                {
                    double expected = Math.Exp(alpha * logPrior[s * 4 + a] + beta * (solution.Q[s * 4 + a] - solution.V[s]));
                    Assert.Equal(expected, solution.Policy[s * 4 + a], 1e-9);
                    total += solution.Policy[s * 4 + a];
                }
                Assert.Equal(1.0, total, 1e-12);
            }
        }
    }

    [Theory]
    [InlineData(0.5, 0.9)]
    [InlineData(2.0, 0.99)]
    public void Kl_to_uniform_prior_matches_standard_soft_q_with_a_per_step_log_a_cost(double beta, double gamma)
    {
        // KL(pi || uniform) = log|A| - H(pi): Distral(alpha = 1, uniform) is max-entropy soft Q with reward R - log|A| / beta,
        // and its Q is the standard soft Q shifted by log|A| / beta.
        var model = TestMaps.Plan(6).Model;
        var ours = SoftValueIteration.Solve(model, UniformLog(model), 1.0, beta, gamma);
        double shift = Math.Log(4) / beta;
        var (q, v) = NaiveSoftQ(model, beta, gamma, shift);
        for (int s = 0; s < model.NumStates; s++)
        {
            if (model.Terminal[s]) continue;
            Assert.Equal(v[s], ours.V[s], 1e-9);
            for (int a = 0; a < 4; a++) Assert.Equal(q[s * 4 + a] + shift, ours.Q[s * 4 + a], 1e-9);
        }
    }

    [Fact]
    public void Alpha_zero_is_standard_soft_q_whatever_the_prior()
    {
        var model = TestMaps.Plan(5).Model;
        var skewedPrior = new double[model.NumStates * 4];
        for (int k = 0; k < skewedPrior.Length; k++) skewedPrior[k] = k % 4 == 0 ? 0 : double.NegativeInfinity;
        var ours = SoftValueIteration.Solve(model, skewedPrior, 0.0, 1.5, 0.95);
        var (_, v) = NaiveSoftQ(model, 1.5, 0.95, 0);
        for (int s = 0; s < model.NumStates; s++) Assert.Equal(v[s], ours.V[s], 1e-9);
    }

    [Fact]
    public void Large_beta_approaches_ordinary_value_iteration_from_below()
    {
        var world = TestMaps.Plan(4);
        var model = world.Model;
        int start = TestMaps.StartState(world);
        var hard = ValueIteration.Solve(model, 0.999);
        double previousGap = double.PositiveInfinity;
        foreach (double beta in new[] { 2.0, 10.0, 100.0, 1000.0 })
        {
            var soft = SoftValueIteration.Solve(model, UniformLog(model), 1.0, beta, 0.999);
            double gap = 0;
            for (int s = 0; s < model.NumStates; s++)
            {
                // With alpha = 1 the KL penalty is non-negative: soft values never exceed the optimal ones.
                Assert.True(soft.V[s] <= hard.V[s] + 1e-9, $"beta {beta}, state {s}: {soft.V[s]} > {hard.V[s]}");
                gap = Math.Max(gap, hard.V[s] - soft.V[s]);
            }
            output.WriteLine($"beta {beta,6}: max |V_soft - V*| = {gap:E3}, V_soft(start) = {soft.V[start]:F6}, V*(start) = {hard.V[start]:F6}");
            Assert.True(gap < previousGap);
            // Following the optimal deterministic policy costs log|A| / beta of KL per step, and no state is
            // more than 25 steps from the goal: V* - V_soft <= 25 log 4 / beta.
            Assert.True(gap <= 25 * Math.Log(4) / beta, $"beta {beta}: gap {gap}");
            previousGap = gap;
        }
        Assert.True(previousGap < 0.02);
    }

    [Fact]
    public void Value_iteration_reproduces_the_optimal_returns_of_the_plans()
    {
        foreach (var (plan, steps) in TestMaps.TwoRoomPlans)
        {
            var world = TestMaps.Plan(plan);
            Assert.Equal(steps, world.Map.ShortestPathFromStart);
            var hard = ValueIteration.Solve(world.Model, 1.0);
            Assert.True(hard.Converged);
            double optimal = hard.V[TestMaps.StartState(world)];
            // The library's rewards are float32 (-0.1f a step, -0.1f + 1f on the goal step), widened to double:
            // exact to 1e-9 against those, and within float rounding of the reference 1 - 0.1 * steps.
            var rewards = world.Options;
            Assert.Equal((double)(rewards.StepReward + rewards.GoalReward) + (steps - 1) * (double)rewards.StepReward, optimal, 1e-9);
            Assert.Equal(1.0 - 0.1 * steps, optimal, 1e-6);
        }
    }

    [Fact]
    public void Beta_100_and_huge_rewards_stay_finite()
    {
        // beta * Q reaches ~1e8: a naive exp would overflow; the stable log-sum-exp must not.
        var world = TestMaps.Plan(7);
        var m = world.Model;
        var reward = m.Reward.Select((r, k) => r * 1e5 * (k % 3 == 0 ? -1 : 1)).ToArray();
        var huge = new TabularModel(m.NumStates, m.NumActions, m.TransitionStart, m.NextState, m.Probability, reward, m.Terminal, m.Initial);
        foreach (double alpha in new[] { 1.0, 0.5 })
        {
            var result = new TabularDistral(new TabularDistralOptions { Alpha = alpha, Beta = 100, Gamma = 0.9, MaxIterations = 5 }).Solve([huge, m]);
            Assert.All(result.Pi0, p => Assert.True(double.IsFinite(p) && p >= 0 && p <= 1));
            foreach (var task in result.Tasks)
            {
                Assert.All(task.V, v => Assert.True(double.IsFinite(v)));
                Assert.All(task.Q, q => Assert.True(double.IsFinite(q)));
                Assert.All(task.Policy, p => Assert.True(double.IsFinite(p)));
                for (int s = 0; s < m.NumStates; s++)
                    Assert.Equal(1.0, task.Policy.AsSpan(s * 4, 4).ToArray().Sum(), 1e-12);
            }
            Assert.True(double.IsFinite(result.FinalObjective));
            Assert.True(Math.Abs(result.V(0)[TestMaps.StartState(world)]) > 1e4);
        }
    }

    [Fact]
    public void Log_sum_exp_is_stable()
    {
        Assert.Equal(1e8 + Math.Log(2), LogSumExp.Of([1e8, 1e8]), 1e-6);
        Assert.Equal(-1e8, LogSumExp.Of([-1e8, double.NegativeInfinity]));
        Assert.True(double.IsNegativeInfinity(LogSumExp.Of([double.NegativeInfinity, double.NegativeInfinity])));
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(-3)), LogSumExp.Of([1, 2, -3]), 1e-14);
    }

    [Fact]
    public void Gamma_one_with_termination_converges_and_sweep_cap_is_reported()
    {
        var model = TestMaps.Plan(8).Model;
        var solution = SoftValueIteration.Solve(model, UniformLog(model), 1.0, 5.0, 1.0);
        Assert.True(solution.Converged);
        Assert.True(solution.BellmanResidual < 1e-11);
        // KL + strong entropy bonus with gamma = 1: wandering forever pays, values diverge; the cap must stop it.
        var diverging = SoftValueIteration.Solve(model, UniformLog(model), 0.1, 1.0, 1.0, maxSweeps: 500);
        Assert.False(diverging.Converged);
        Assert.Equal(500, diverging.Sweeps);
    }
}
