using Distral.Envs;

namespace Distral.Envs.Tests;

public class GridWorldTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 19)]
    [InlineData(3, 10)]
    [InlineData(4, 13)]
    [InlineData(5, 9)]
    [InlineData(6, 5)]
    [InlineData(7, 13)]
    [InlineData(8, 12)]
    public void ThesisPlansHaveTheDocumentedShortestPaths(int plan, int expected)
    {
        var spec = TaskRegistry.Default.Get($"plan{plan}");
        Assert.Equal(expected, spec.ShortestPath);
        Assert.Equal(expected, ThesisPlans.Map(plan).ShortestPathFromStart);
        Assert.Equal(1 - 0.1 * expected, spec.OptimalReturn!.Value, 9);
    }

    [Fact]
    public void Plan4MetadataMatchesTheReference()
    {
        var spec = TaskRegistry.Default.Get("plan4");
        Assert.Equal((9, 10), (spec.Rows, spec.Cols));
        Assert.Equal(new GridPoint(1, 1), spec.Start);
        Assert.Equal(new GridPoint(7, 8), spec.Goal);
    }

    private static GridWorld Plan1() => new(ThesisPlans.Map(1));

    [Theory]
    // plan1: start (4,3), goal (1,4). (row, col, action) -> (row', col', reward, terminated)
    [InlineData(4, 3, GridWorld.Up, 3, 3, -0.1f, false)]       // normal step
    [InlineData(4, 3, GridWorld.Right, 4, 4, -0.1f, false)]
    [InlineData(2, 1, GridWorld.Right, 2, 1, -0.6f, false)]    // (2,2) is a wall: bump, stay
    [InlineData(1, 1, GridWorld.Up, 1, 1, -0.6f, false)]       // border wall row 0
    [InlineData(2, 4, GridWorld.Up, 1, 4, 0.9f, true)]         // reaches the goal: -0.1 + 1
    [InlineData(1, 3, GridWorld.Right, 1, 4, 0.9f, true)]
    public void RewardAndTerminationTable(int r, int c, int action, int r2, int c2, float reward, bool terminated)
    {
        var env = Plan1();
        env.Reset(0);
        env.SetAgent(new GridPoint(r, c));
        var step = env.Step(action);
        Assert.Equal(new GridPoint(r2, c2), env.Agent);
        Assert.Equal(reward, step.Reward, 5);
        Assert.Equal(terminated, step.Terminated);
        Assert.False(step.Truncated);
        Assert.Equal(terminated ? true : null, step.Info.IsSuccess);
    }

    [Fact]
    public void BumpingTheGridBorderWithoutAWallRingAlsoPays()
    {
        var env = new GridWorld(GridMap.Parse("S.G"));
        env.Reset(0);
        var step = env.Step(GridWorld.Up);
        Assert.Equal(-0.6f, step.Reward, 5);
        Assert.Equal(new GridPoint(0, 0), env.Agent);
        step = env.Step(GridWorld.Left);
        Assert.Equal(-0.6f, step.Reward, 5);
    }

    [Fact]
    public void FollowingTheShortestPathEarnsTheOptimalReturn()
    {
        foreach (int plan in Enumerable.Range(1, 8))
        {
            var map = ThesisPlans.Map(plan);
            var env = new GridWorld(map);
            env.Reset(0);
            var dist = map.DistancesTo(map.Goal);
            double total = 0;
            int steps = 0;
            bool done = false;
            while (!done)
            {
                int best = Enumerable.Range(0, 4).Where(a => map.IsFree(GridWorld.Move(env.Agent, a)))
                    .MinBy(a => dist[map.CellIndex(GridWorld.Move(env.Agent, a))]);
                var s = env.Step(best);
                total += s.Reward;
                steps++;
                done = s.Terminated;
            }
            Assert.Equal(map.ShortestPathFromStart, steps);
            Assert.Equal(1 - 0.1 * steps, total, 4);
        }
    }

    [Fact]
    public void ThesisObservationEncodesCellPreviousActionAndReward()
    {
        var env = new GridWorld(ThesisPlans.Map(4));
        var obs = env.Reset(0).Observation.ToArray();
        Assert.Equal([2f * (10 * 1 + 1) / 90 - 1, 0f, 0f], obs);
        obs = env.Step(GridWorld.Up).Observation.ToArray(); // bump into the top wall
        Assert.Equal([2f * 11 / 90 - 1, (0 - 2) / 4f, -0.6f], obs);
        obs = env.Step(GridWorld.Right).Observation.ToArray();
        Assert.Equal([2f * 12 / 90 - 1, (3 - 2) / 4f, -0.1f], obs);
    }

    [Fact]
    public void StepAfterTheGoalThrowsUntilReset()
    {
        var env = new GridWorld(GridMap.Parse("SG"));
        env.Reset(0);
        Assert.True(env.Step(GridWorld.Right).Terminated);
        Assert.Throws<InvalidOperationException>(() => env.Step(GridWorld.Right));
        env.Reset();
        Assert.Equal(new GridPoint(0, 0), env.Agent);
    }

    [Fact]
    public void StepBeforeResetAndInvalidActionsThrow()
    {
        var env = Plan1();
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
        env.Reset(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(-1));
        Assert.Throws<NotSupportedException>(() => env.Step(new float[] { 0 }));
    }

    [Fact]
    public void TabularModelMatchesTheEnvDynamics()
    {
        var env = new GridWorld(ThesisPlans.Map(3));
        var model = env.Model;
        var map = env.Map;
        Assert.Equal(map.FreeCellCount, model.NumStates);
        Assert.Equal(4, model.NumActions);
        Assert.Equal(1.0, model.Initial[map.StateIndex(map.Start!.Value)]);
        Assert.True(model.Terminal[map.StateIndex(map.Goal)]);
        Assert.Single(model.Terminal, t => t);
        env.Reset(0);
        for (int s = 0; s < model.NumStates; s++)
        {
            var cell = map.StateCell(s);
            if (cell == map.Goal) continue;
            for (int a = 0; a < 4; a++)
            {
                env.Reset(0);
                env.SetAgent(cell);
                var step = env.Step(a);
                int k = model.TransitionStart[s * 4 + a];
                Assert.Equal(env.StateIndex, model.NextState[k]);
                Assert.Equal(step.Reward, model.Reward[s * 4 + a], 5);
                Assert.Equal(step.Info.StateIndex, env.StateIndex);
            }
        }
    }

    [Fact]
    public void ValueIterationOnTheModelRecoversTheOptimalReturn()
    {
        var env = new GridWorld(ThesisPlans.Map(4));
        var m = env.Model;
        var v = new double[m.NumStates];
        for (int iter = 0; iter < 200; iter++)
        {
            for (int s = 0; s < m.NumStates; s++)
            {
                if (m.Terminal[s]) continue;
                double best = double.NegativeInfinity;
                for (int a = 0; a < m.NumActions; a++)
                {
                    int k = m.TransitionStart[s * 4 + a];
                    int next = m.NextState[k];
                    best = Math.Max(best, m.Reward[s * 4 + a] + (m.Terminal[next] ? 0 : v[next]));
                }
                v[s] = best;
            }
        }
        Assert.Equal(-0.3, v[env.Map.StateIndex(env.Map.Start!.Value)], 6);
    }

    [Fact]
    public void TwoRoomRandomTasksHaveDifferentGoalsAndRandomStarts()
    {
        var goals = Enumerable.Range(0, 5).Select(k => TwoRoomRandom.Map(k).Goal).ToList();
        Assert.True(goals.Distinct().Count() >= 3);
        Assert.Equal(TwoRoomRandom.Map(3).Goal, TaskRegistry.Default.Get("two-room-random:3").Goal);
        var env = TwoRoomRandom.Create(2, seed: 1);
        var starts = new HashSet<GridPoint>();
        for (int i = 0; i < 50; i++)
        {
            env.Reset();
            Assert.NotEqual(env.Map.Goal, env.Agent);
            Assert.True(env.Map.IsFree(env.Agent));
            starts.Add(env.Agent);
        }
        Assert.True(starts.Count > 10);
        // Same walls as plan4.
        var plan4 = ThesisPlans.Map(4);
        for (int cell = 0; cell < 90; cell++)
            Assert.Equal(plan4.IsWall(plan4.CellAt(cell)), env.Map.IsWall(env.Map.CellAt(cell)));
        Assert.Null(TaskRegistry.Default.Get("two-room-random:2").ShortestPath);
    }

    [Fact]
    public void EncodersStayInsideTheirSpaces()
    {
        var encoders = new[] { GridEncoder.Thesis, GridEncoder.OneHotWithPrevious, GridEncoder.CoordinatesWithPrevious, GridEncoder.OneHot, GridEncoder.Coordinates, GridEncoder.LocalView(2), GridEncoder.Rgb };
        foreach (var encoder in encoders)
        {
            var problems = EnvChecker.Check(seed => new GridWorld(ThesisPlans.Map(4), new GridWorldOptions { Encoder = encoder }, seed));
            Assert.True(problems.Count == 0, encoder.Name + ": " + string.Join("; ", problems));
        }
        var env = new GridWorld(ThesisPlans.Map(4), new GridWorldOptions { Encoder = GridEncoder.Rgb });
        var obs = env.Reset(0).Observation;
        Assert.Equal(3 * 90, obs.Length);
        Assert.Equal(1f, obs[11]);      // agent red at (1,1)
        Assert.Equal(1f, obs[90 + 78]); // goal green at (7,8)
    }

    [Fact]
    public void OneHotWithPreviousEncodesCellActionAndReward()
    {
        var env = new GridWorld(ThesisPlans.Map(4), new GridWorldOptions { Encoder = GridEncoder.OneHotWithPrevious });
        var obs = env.Reset(0).Observation.ToArray();
        Assert.Equal(90 + 4 + 1, obs.Length);
        Assert.Equal(11, Array.IndexOf(obs, 1f)); // start (1,1) = cell 11
        Assert.Equal(1f, obs.Sum());               // no previous action or reward yet
        obs = env.Step(GridWorld.Right).Observation.ToArray();
        Assert.Equal(1f, obs[12]);
        Assert.Equal(1f, obs[90 + GridWorld.Right]);
        Assert.Equal(-0.1f, obs[94], 6);
        Assert.Equal(2f - 0.1f, obs.Sum(), 5);
        obs = env.Step(GridWorld.Up).Observation.ToArray(); // bump: stays on (1,2), -0.6
        Assert.Equal(1f, obs[12]);
        Assert.Equal(1f, obs[90 + GridWorld.Up]);
        Assert.Equal(0f, obs[90 + GridWorld.Right]);
        Assert.Equal(-0.6f, obs[94], 6);
    }

    [Fact]
    public void CoordinatesWithPreviousEncodesRowColumnActionAndReward()
    {
        var env = new GridWorld(ThesisPlans.Map(4), new GridWorldOptions { Encoder = GridEncoder.CoordinatesWithPrevious });
        Assert.Equal([1 / 8f, 1 / 9f, 0, 0, 0, 0, 0], env.Reset(0).Observation.ToArray()); // start (1,1), no previous action
        var obs = env.Step(GridWorld.Down).Observation.ToArray();
        Assert.Equal([2 / 8f, 1 / 9f, 0, 1, 0, 0, -0.1f], obs);
    }

    [Fact]
    public void LocalViewSeesWallsAroundTheAgent()
    {
        var env = new GridWorld(ThesisPlans.Map(4), new GridWorldOptions { Encoder = GridEncoder.LocalView(1) });
        var obs = env.Reset(0).Observation.ToArray();
        // Agent at (1,1): row above is wall, left column is wall, (2,1),(1,2),(2,2) free.
        Assert.Equal([1, 1, 1, 1, 0, 0, 1, 0, 0], obs[..9]);
        Assert.All(obs[9..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AsciiAndSvgRenderings()
    {
        var env = new GridWorld(ThesisPlans.Map(1));
        env.Reset(0);
        string ascii = env.RenderAscii();
        var lines = ascii.Split('\n');
        Assert.Equal(8, lines.Length);
        Assert.Equal("#...G..#", lines[1]);
        Assert.Equal("#..A..##", lines[4]);
        Assert.Equal("#..S..##", GridRenderer.Ascii(env.Map).Split('\n')[4]);

        var policy = new float[64 * 4];
        for (int i = 0; i < 64; i++) policy[4 * i + GridWorld.Up] = 1f;
        string svg = env.RenderSvg(policy);
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.EndsWith("</svg>\n", svg, StringComparison.Ordinal);
        Assert.Equal(64, CountOf(svg, "<rect"));
        int freeNonGoal = env.Map.FreeCellCount - 1;
        Assert.Equal(freeNonGoal, CountOf(svg, "<line"));
        Assert.Equal(1, CountOf(svg, "<circle"));
        Assert.Throws<ArgumentException>(() => env.RenderSvg(new float[3]));
    }

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
