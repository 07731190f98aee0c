using Distral.Agents.Tabular;
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
        var maps = TestMaps.TwoRoomMaps();
        var solver = new TabularDistral(new TabularDistralOptions { Alpha = alpha, Beta = beta, Gamma = 0.999, MaxIterations = 50 });
        var distral = solver.Solve(maps.Select(m => m.Model).ToArray());
        var independent = solver.SolveIndependent(maps.Select(m => m.Model).ToArray());
        for (int i = 0; i < maps.Length; i++)
        {
            int shortest = TestMaps.TwoRoomPlans[i].ShortestPath;
            int distralSteps = TestMaps.GreedySteps(maps[i], distral.Tasks[i].GreedyAction);
            int independentSteps = TestMaps.GreedySteps(maps[i], independent.Tasks[i].GreedyAction);
            output.WriteLine($"plan {i + 4}: BFS {shortest}, Distral greedy {distralSteps}, soft Q alone greedy {independentSteps}");
            Assert.Equal(shortest, maps[i].ShortestPath());
            Assert.Equal(shortest, distralSteps);
            Assert.Equal(shortest, independentSteps);
        }
    }
}
