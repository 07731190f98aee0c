using Distral.Agents.Tabular;
using Distral.Tensors;
using Xunit.Abstractions;

namespace Distral.Agents.Tests;

public sealed class TabularObjectiveTests(ITestOutputHelper output)
{
    /// <summary>J after each half step (task step, distillation step, ..., final task step) in order.</summary>
    private static List<double> Trace(TabularDistralResult result)
    {
        var trace = new List<double>();
        for (int k = 0; k < result.Objective.Count; k++)
        {
            trace.Add(result.ObjectiveAfterTaskStep[k]);
            trace.Add(result.Objective[k]);
        }
        trace.Add(result.FinalObjective);
        return trace;
    }

    private static void AssertNonDecreasing(List<double> trace, string label)
    {
        for (int k = 1; k < trace.Count; k++)
            Assert.True(trace[k] >= trace[k - 1] - 1e-9 * Math.Max(1, Math.Abs(trace[k - 1])),
                $"{label}: J decreased at half-step {k}: {trace[k - 1]:R} -> {trace[k]:R}");
    }

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(1.0, 5.0)]
    [InlineData(1.0, 20.0)]
    [InlineData(0.5, 2.0)]
    [InlineData(0.5, 5.0)]
    [InlineData(0.8, 20.0)]
    public void Objective_never_decreases_on_the_two_room_plans(double alpha, double beta)
    {
        var models = TestMaps.TwoRoomModels();
        var result = new TabularDistral(new TabularDistralOptions { Alpha = alpha, Beta = beta, Gamma = 0.99, MaxIterations = 25 }).Solve(models);
        var trace = Trace(result);
        output.WriteLine($"alpha {alpha} beta {beta}: J per iteration = {string.Join(", ", result.Objective.Select(j => j.ToString("F6")))}");
        AssertNonDecreasing(trace, $"alpha {alpha} beta {beta}");
        Assert.True(trace[^1] > trace[0] + 1e-6, "Distillation should improve J over the uniform prior.");
        Assert.All(result.Tasks, t => Assert.True(t.Converged));
    }

    [Fact]
    public void Objective_never_decreases_on_random_stochastic_mdps()
    {
        var rng = new Rng(20170601);
        for (int trial = 0; trial < 24; trial++)
        {
            int numStates = 3 + rng.NextInt(6), numActions = 2 + rng.NextInt(3), tasks = 1 + rng.NextInt(4);
            var models = Enumerable.Range(0, tasks).Select(_ => TestMaps.RandomMdp(rng, numStates, numActions)).ToArray();
            double alpha = trial % 2 == 0 ? 1.0 : 0.3 + 0.6 * rng.NextDouble();
            double beta = Math.Exp(rng.NextDouble() * Math.Log(200)) / 2; // 0.5 .. 100, log-uniform
            double gamma = 0.5 + 0.45 * rng.NextDouble();
            var result = new TabularDistral(new TabularDistralOptions { Alpha = alpha, Beta = beta, Gamma = gamma, MaxIterations = 40 }).Solve(models);
            AssertNonDecreasing(Trace(result), $"trial {trial} (S {numStates}, A {numActions}, n {tasks}, alpha {alpha:F2}, beta {beta:F2}, gamma {gamma:F2})");
        }
    }

    [Theory]
    [InlineData(1.0, 3.0)]
    [InlineData(0.5, 10.0)]
    public void Objective_of_soft_optimal_policies_equals_initial_soft_value(double alpha, double beta)
    {
        // For pi_i soft-optimal w.r.t. pi_0, J_i = sum_s mu(s) V_i(s): checks values, policies and visitations agree.
        var models = TestMaps.TwoRoomModels();
        var result = new TabularDistral(new TabularDistralOptions { Alpha = alpha, Beta = beta, Gamma = 0.99, MaxIterations = 10 }).Solve(models);
        for (int i = 0; i < models.Length; i++)
        {
            double fromValues = 0;
            for (int s = 0; s < models[i].NumStates; s++) fromValues += models[i].Initial[s] * result.V(i)[s];
            Assert.Equal(fromValues, result.TaskObjectives[i], 1e-9);
        }
        Assert.Equal(result.TaskObjectives.Sum(), result.FinalObjective, 1e-9);
    }

    [Fact]
    public void Distral_objective_beats_independent_soft_q_under_its_own_prior()
    {
        // The independent baseline is the first task step of Distral (uniform prior); alternation only adds.
        var models = TestMaps.TwoRoomModels();
        var options = new TabularDistralOptions { Alpha = 1, Beta = 5, Gamma = 0.99, MaxIterations = 30 };
        var solver = new TabularDistral(options);
        var independent = solver.SolveIndependent(models);
        var distral = solver.Solve(models);
        output.WriteLine($"soft Q alone J = {independent.FinalObjective:F6}, Distral J = {distral.FinalObjective:F6}");
        Assert.Equal(independent.FinalObjective, distral.ObjectiveAfterTaskStep[0], 1e-9);
        Assert.True(distral.FinalObjective > independent.FinalObjective + 1e-3);
        Assert.All(independent.Pi0, p => Assert.Equal(0.25, p));
    }
}
