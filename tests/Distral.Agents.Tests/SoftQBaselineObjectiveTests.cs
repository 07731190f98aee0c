using Distral.Agents.Tabular;
using Distral.Envs;
using Xunit.Abstractions;

namespace Distral.Agents.Tests;

/// <summary>
/// Why the soft-Q-alone baseline keeps alpha on its uniform prior (V = (1/beta) LSE(beta Q) + (alpha/beta) log(1/A)):
/// on the thesis gridworlds (step reward -0.1, beta 5, gamma 0.999) plain soft Q-learning (alpha 0) pays an entropy
/// bonus of up to (1/beta) log 4 = 0.28 per step, more than the step cost, so its optimum wanders instead of
/// finishing. With the Distral objective and pi_0 frozen at uniform (alpha 0.8) the bonus is at most
/// ((1 - alpha)/beta) log 4 = 0.055 and the optimum heads for the goal: the fair baseline.
/// </summary>
public sealed class SoftQBaselineObjectiveTests(ITestOutputHelper output)
{
    private static TabularModel Plan4() => ((IModelEnv)TaskRegistry.Default.Make("plan4", 4)).Model;

    private static double[] UniformLog(TabularModel model)
    {
        var log = new double[model.NumStates * model.NumActions];
        Array.Fill(log, -Math.Log(model.NumActions));
        return log;
    }

    /// <summary>Expected steps to the goal from the start under a stochastic policy (iterative policy evaluation, capped).</summary>
    private static double ExpectedStepsToGoal(TabularModel model, double[] policy)
    {
        int s0 = Array.IndexOf(model.Initial, 1.0);
        var steps = new double[model.NumStates];
        for (int sweep = 0; sweep < 20_000; sweep++)
        {
            for (int s = 0; s < model.NumStates; s++)
            {
                if (model.Terminal[s]) continue;
                double t = 1;
                for (int a = 0; a < model.NumActions; a++)
                {
                    int sa = s * model.NumActions + a;
                    t += policy[sa] * steps[model.NextState[model.TransitionStart[sa]]];
                }
                steps[s] = Math.Min(t, 1e6);
            }
        }
        return steps[s0];
    }

    [Fact]
    public void TheUniformPriorMustCarryAlphaForTheBaselineToSeekTheGoal()
    {
        var model = Plan4();
        int start = Array.IndexOf(model.Initial, 1.0);
        var distral = SoftValueIteration.Solve(model, UniformLog(model), alpha: 0.8, beta: 5, gamma: 0.999, tolerance: 1e-9);
        var plain = SoftValueIteration.Solve(model, UniformLog(model), alpha: 0.0, beta: 5, gamma: 0.999, tolerance: 1e-9);
        double distralSteps = ExpectedStepsToGoal(model, distral.Policy);
        double plainSteps = ExpectedStepsToGoal(model, plain.Policy);
        output.WriteLine($"alpha 0.8: V(start) {distral.V[start]:F3}, expected steps {distralSteps:F1}; alpha 0: V(start) {plain.V[start]:F3}, expected steps {plainSteps:F1}");

        // alpha 0.8: below the goal reward, and the soft-optimal policy reaches the goal (shortest path 13).
        Assert.True(distral.V[start] < 1, $"V(start) {distral.V[start]}");
        Assert.True(distralSteps < 100, $"expected steps {distralSteps}");
        // alpha 0: wandering is worth far more than the goal and the goal is rarely reached.
        Assert.True(plain.V[start] > 10, $"plain soft Q V(start) {plain.V[start]}");
        Assert.True(plainSteps > 10 * distralSteps, $"plain soft Q expected steps {plainSteps}");
    }
}
