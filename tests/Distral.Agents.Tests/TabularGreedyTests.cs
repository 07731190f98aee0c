using Distral.Agents.Tabular;
using Distral.Envs;
using Xunit.Abstractions;

namespace Distral.Agents.Tests;

public sealed class TabularGreedyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1.0, 50.0)]
    [InlineData(1.0, 100.0)]
    [InlineData(0.5, 100.0)]
    public void High_beta_greedy_task_policies_take_the_shortest_paths(double alpha, double beta)
    {
        GridWorld[] worlds = TestMaps.TwoRoomWorlds();
        var models = worlds.Select(w => w.Model).ToArray();
        var solver = new TabularDistral(new TabularDistralOptions { Alpha = alpha, Beta = beta, Gamma = 0.999, MaxIterations = 50 });
        var distral = solver.Solve(models);
        var independent = solver.SolveIndependent(models);
        for (int i = 0; i < worlds.Length; i++)
        {
            int shortest = TestMaps.TwoRoomPlans[i].ShortestPath;
            int distralSteps = TestMaps.GreedySteps(worlds[i], distral.Tasks[i].GreedyAction);
            int independentSteps = TestMaps.GreedySteps(worlds[i], independent.Tasks[i].GreedyAction);
            output.WriteLine($"plan {i + 4}: BFS {shortest}, Distral greedy {distralSteps}, soft Q alone greedy {independentSteps}");
            Assert.Equal(shortest, worlds[i].Map.ShortestPathFromStart);
            Assert.Equal(shortest, distralSteps);
            Assert.Equal(shortest, independentSteps);
        }
    }
}
