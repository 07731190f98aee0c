using Distral.Agents.Tabular;
using Distral.Envs;
using Xunit.Abstractions;

namespace Distral.Agents.Tests;

public sealed class TabularDistillationTests(ITestOutputHelper output)
{
    /// <summary>
    /// States 0 and 1 act, 2 is terminal, 3 is never reached. Action 0 moves 0 -> 1 and 1 -> 0, action 1
    /// ends the episode; state 3 loops on itself. The episode starts in state 0.
    /// </summary>
    private static TabularModel Toy() => TabularModel.Deterministic(4, 2,
        next: [1, 2, 0, 2, 2, 2, 3, 3], reward: [0, 1, 0, 1, 0, 0, 0, 0],
        terminal: [false, false, true, false], initial: [1, 0, 0, 0]);

    private static double[] Policy(double stay0, double stay1) =>
        [stay0, 1 - stay0, stay1, 1 - stay1, 0.5, 0.5, 0.5, 0.5];

    [Fact]
    public void Visitations_match_the_hand_computed_geometric_series()
    {
        double gamma = 0.9, p = 0.7, q = 0.4;
        var d = DiscountedVisitation.Compute(Toy(), Policy(p, q), gamma);
        // d(0) = 1 + gamma^2 p q d(0); d(1) = gamma p d(0).
        double d0 = 1 / (1 - gamma * gamma * p * q), d1 = gamma * p * d0;
        double[] expected = [d0 * p, d0 * (1 - p), d1 * q, d1 * (1 - q), 0, 0, 0, 0];
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], d[k], 1e-13);
        // The iterative path (used for large models) agrees.
        var iterative = DiscountedVisitation.Compute(Toy(), Policy(p, q), gamma, directSolveMaxStates: 0);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], iterative[k], 1e-12);
    }

    [Fact]
    public void Pi0_is_the_normalised_sum_of_visitations()
    {
        double gamma = 0.9;
        var model = Toy();
        var first = DiscountedVisitation.Compute(model, Policy(0.7, 0.4), gamma);
        var second = DiscountedVisitation.Compute(model, Policy(0.2, 0.9), gamma);
        var pi0 = TabularDistral.Distill([first, second], 4, 2);

        // Hand check: task 1 has d(0) = 1 / (1 - 0.81 * 0.28), d(1) = 0.63 d(0); task 2 has d(0) = 1 / (1 - 0.81 * 0.18), d(1) = 0.18 d(0).
        double a0 = 1 / (1 - 0.81 * 0.28), a1 = 0.63 * a0, b0 = 1 / (1 - 0.81 * 0.18), b1 = 0.18 * b0;
        Assert.Equal((0.7 * a0 + 0.2 * b0) / (a0 + b0), pi0[0], 1e-13);
        Assert.Equal((0.3 * a0 + 0.8 * b0) / (a0 + b0), pi0[1], 1e-13);
        Assert.Equal((0.4 * a1 + 0.9 * b1) / (a1 + b1), pi0[2], 1e-13);
        Assert.Equal((0.6 * a1 + 0.1 * b1) / (a1 + b1), pi0[3], 1e-13);
        // No task acts in the terminal state 2 or the unreachable state 3: uniform there.
        Assert.Equal([0.5, 0.5, 0.5, 0.5], pi0[4..]);

        var smoothed = TabularDistral.Distill([first, second], 4, 2, smoothingFloor: 0.01);
        Assert.Equal(0.99 * pi0[0] + 0.005, smoothed[0], 1e-13);
    }

    [Fact]
    public void Converged_pi0_is_the_distillate_of_the_final_task_policies()
    {
        var result = new TabularDistral(new TabularDistralOptions { Alpha = 0.8, Beta = 5, Gamma = 0.99, MaxIterations = 500, Tolerance = 1e-10 })
            .Solve(TestMaps.TwoRoomModels());
        Assert.True(result.Converged, $"not converged after {result.Iterations} iterations");
        var distilled = TabularDistral.Distill(result.Visitations, result.NumStates, result.NumActions);
        for (int k = 0; k < distilled.Length; k++) Assert.Equal(distilled[k], result.Pi0[k], 1e-8);
        output.WriteLine($"converged after {result.Iterations} alternations, J = {result.FinalObjective:F9}");
    }

    [Theory]
    [InlineData(1.0, 5.0)]
    [InlineData(0.8, 5.0)]
    [InlineData(1.0, 50.0)]
    public void Corridor_pi0_keeps_the_direction_of_travel(double alpha, double beta)
    {
        var worlds = TestMaps.TwoRoomWorlds();
        var result = new TabularDistral(new TabularDistralOptions { Alpha = alpha, Beta = beta, Gamma = 0.999, MaxIterations = 60 })
            .Solve(worlds.Select(w => w.Model).ToArray());
        output.WriteLine($"alpha {alpha} beta {beta}, {result.Iterations} alternations; pi_0 in the corridor (row 4):");
        output.WriteLine("  col     up     down   left   right");
        for (int col = 3; col <= 6; col++)
        {
            int s = worlds[0].Map.StateIndex(new GridPoint(4, col));
            var p = result.Pi0.AsSpan(s * 4, 4).ToArray();
            output.WriteLine($"  {col}    {p[0]:F4} {p[1]:F4} {p[2]:F4} {p[3]:F4}");
            double horizontal = p[GridWorld.Left] + p[GridWorld.Right];
            Assert.True(horizontal > 0.9, $"col {col}: horizontal mass {horizontal}");
            Assert.True(p[GridWorld.Right] > p[GridWorld.Up] && p[GridWorld.Right] > p[GridWorld.Down], $"col {col}");
        }
        output.WriteLine($"J per iteration: {string.Join(", ", result.Objective.Take(12).Select(j => j.ToString("F5")))} ...");
    }
}
