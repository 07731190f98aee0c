namespace Distral.Envs.Tests;

/// <summary>The expected shortest path over a map's start distribution (the transfer threshold of random-start tasks).</summary>
public class GridMapMeanShortestPathTests
{
    [Fact]
    public void AFixedStartGivesItsShortestPath()
    {
        var map = ThesisPlans.Map(4);
        Assert.Equal(map.ShortestPathFromStart!.Value, map.MeanShortestPath);
    }

    [Fact]
    public void ARandomStartAveragesOverEveryCellThatCanReachTheGoal()
    {
        var map = TwoRoomRandom.Map(3);
        Assert.Null(map.ShortestPathFromStart);
        var distances = new List<int>();
        for (int r = 0; r < map.Rows; r++)
            for (int c = 0; c < map.Cols; c++)
                if (new GridPoint(r, c) != map.Goal && map.ShortestPath(new GridPoint(r, c)) is > 0 and int d) distances.Add(d);
        Assert.True(distances.Count > 20);
        Assert.Equal(distances.Average(), map.MeanShortestPath, 9);
    }
}
