using Distral.Tensors;

namespace Distral.Envs.Tests;

public class MazeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(5, 5)]
    [InlineData(8, 4)]
    public void PerfectMazeIsASpanningTreeOfTheCells(int cellRows, int cellCols)
    {
        for (ulong seed = 0; seed < 20; seed++)
        {
            var layout = MazeGenerator.Generate(new Rng(seed), cellRows, cellCols);
            Assert.Equal((2 * cellRows + 1, 2 * cellCols + 1), (layout.Rows, layout.Cols));
            int open = 0;
            for (int r = 0; r < layout.Rows; r++)
                for (int c = 0; c < layout.Cols; c++)
                {
                    bool border = r == 0 || c == 0 || r == layout.Rows - 1 || c == layout.Cols - 1;
                    if (border || (r % 2 == 0 && c % 2 == 0)) Assert.True(layout.IsWall(r, c));
                    if (r % 2 == 1 && c % 2 == 1) Assert.False(layout.IsWall(r, c));
                    if (!layout.IsWall(r, c)) open++;
                }
            // cells + (cells - 1) passages: connected with no loops.
            Assert.Equal(2 * cellRows * cellCols - 1, open);
            var distance = layout.Distances(1, 1);
            for (int r = 1; r < layout.Rows; r += 2)
                for (int c = 1; c < layout.Cols; c += 2)
                    Assert.True(distance[r * layout.Cols + c] >= 0);
        }
    }

    [Fact]
    public void LoopsAddOpeningsAndGenerationIsSeeded()
    {
        var tree = MazeGenerator.Generate(new Rng(3), 6, 6);
        var loopy = MazeGenerator.Generate(new Rng(3), 6, 6, 0.5f);
        Assert.True(loopy.Walls.ToArray().Count(w => !w) > tree.Walls.ToArray().Count(w => !w));
        Assert.Equal(loopy.ToString(), MazeGenerator.Generate(new Rng(3), 6, 6, 0.5f).ToString());
        Assert.NotEqual(tree.ToString(), MazeGenerator.Generate(new Rng(4), 6, 6).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => MazeGenerator.Generate(new Rng(1), 0, 3));
    }

    [Fact]
    public void MazeTasksShareSizeButDifferInLayoutAndAreSolvable()
    {
        var layouts = new HashSet<string>();
        for (int k = 0; k < MazeTasks.Count; k++)
        {
            var env = new MazeEnv(k);
            Assert.Equal((11, 11), (env.Rows, env.Cols));
            layouts.Add(env.Layout + env.Goal.ToString());
            env.Reset(k);
            Assert.Equal(MazeTile.Goal, env.TileAt(env.Goal.Row, env.Goal.Col));
            Assert.Equal(4, NavTestPlanner.TilesOf(env, MazeTile.Item).Count);
            // Every open tile reaches the goal.
            var distance = NavTestPlanner.DistancesTo(env, (r, c) => r == env.Goal.Row && c == env.Goal.Col, strict: false);
            for (int r = 0; r < env.Rows; r++)
                for (int c = 0; c < env.Cols; c++)
                    Assert.Equal(env.TileAt(r, c) != MazeTile.Wall, distance[r, c] >= 0);
        }
        Assert.Equal(MazeTasks.Count, layouts.Count);
        // The layout is a function of k only.
        Assert.Equal(new MazeEnv(3, seed: 1).Layout.ToString(), new MazeEnv(3, seed: 99).Layout.ToString());
    }

    [Fact]
    public void ReachingTheGoalGivesOneAndEndsTheEpisode()
    {
        var env = new MazeEnv(2, new MazeParameters { NumItems = 0, StepReward = -0.01f });
        env.Reset(5);
        var (reward, terminated, steps) = NavTestPlanner.GoTo(env, (r, c) => r == env.Goal.Row && c == env.Goal.Col);
        Assert.True(terminated);
        Assert.Equal(1f - 0.01f * steps, reward, 4);
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
    }

    [Fact]
    public void ItemsPayOncePerEpisodeAndReturnOnReset()
    {
        var env = new MazeEnv(1);
        env.Reset(3);
        var (ir, ic) = NavTestPlanner.TilesOf(env, MazeTile.Item)[0];
        var (reward, _, _) = NavTestPlanner.GoTo(env, (r, c) => r == ir && c == ic);
        Assert.True(reward >= 0.1f - 1e-6f);
        Assert.Equal(MazeTile.Floor, env.TileAt(ir, ic));
        // Step off and back on: no second payment.
        var (nr, nc) = (env.AgentPosition.Row, env.AgentPosition.Col);
        var away = NavTestPlanner.GoTo(env, (r, c) => (r != nr || c != nc) && env.TileAt(r, c) == MazeTile.Floor);
        var back = NavTestPlanner.GoTo(env, (r, c) => r == ir && c == ic);
        Assert.Equal(0f, back.Reward);
        env.Reset();
        Assert.Equal(MazeTile.Item, env.TileAt(ir, ic));
        Assert.False(away.Terminated);
    }

    [Fact]
    public void RespawnModeKeepsTheEpisodeGoing()
    {
        var env = new MazeEnv(0, new MazeParameters { RespawnAtGoal = true, NumItems = 0 });
        env.Reset(1);
        float total = 0;
        for (int visit = 0; visit < 3; visit++)
        {
            var (reward, terminated, _) = NavTestPlanner.GoTo(env, (r, c) => r == env.Goal.Row && c == env.Goal.Col);
            Assert.False(terminated);
            total += reward;
            Assert.NotEqual(env.Goal, env.AgentPosition); // respawned elsewhere
        }
        Assert.Equal(3f, total);
    }

    [Fact]
    public void EgocentricViewIsRotatedWithTheHeading()
    {
        var grid = new NavGrid(5, 5, 3, MazeActionMode.Egocentric);
        Array.Fill(grid.Tiles, MazeTile.Floor);
        grid.Tiles[2 * 5 + 3] = MazeTile.Goal; // east of the agent at (2, 2)
        grid.AgentRow = 2;
        grid.AgentCol = 2;
        var obs = new float[27];
        int Green(int vr, int vc) => (int)obs[9 + vr * 3 + vc];

        grid.Heading = 1; // facing east: the goal is straight ahead (top middle)
        grid.Render(obs);
        Assert.Equal(1, Green(0, 1));
        Assert.Equal(1f, obs[4]); // agent pixel is red
        grid.Heading = 0; // facing north: the goal is to the right
        grid.Render(obs);
        Assert.Equal(1, Green(1, 2));
        grid.Heading = 2; // facing south: to the left
        grid.Render(obs);
        Assert.Equal(1, Green(1, 0));
        grid.Heading = 3; // facing west: behind
        grid.Render(obs);
        Assert.Equal(1, Green(2, 1));

        // Turning and moving.
        grid.Heading = 0;
        Assert.False(grid.Apply(2));
        Assert.Equal(1, grid.Heading);
        Assert.True(grid.Apply(0));
        Assert.Equal((2, 3), (grid.AgentRow, grid.AgentCol));
        Assert.False(grid.Apply(1));
        Assert.Equal(0, grid.Heading);
    }

    [Fact]
    public void CardinalModeMovesWithoutTurningAndWallsBlock()
    {
        var env = new MazeEnv(4, new MazeParameters { ActionMode = MazeActionMode.Cardinal });
        Assert.Equal(4, Assert.IsType<Discrete>(env.ActionSpace).N);
        env.Reset(0);
        for (int t = 0; t < 100; t++)
        {
            var before = env.AgentPosition;
            int action = t % 4;
            var r = env.Step(action);
            if (r.Done) break;
            var (dr, dc) = NavTestPlanner.Directions[action];
            bool blocked = env.TileAt(before.Row + dr, before.Col + dc) == MazeTile.Wall;
            Assert.Equal(blocked ? before : new GridPoint(before.Row + dr, before.Col + dc), env.AgentPosition);
            Assert.Equal(0, env.Heading);
        }
    }

    [Fact]
    public void ObservationIsAnRgbViewAroundTheAgent()
    {
        var env = new MazeEnv(0);
        Assert.Equal(new[] { 3, 7, 7 }, env.ObservationSpace.ShapeArray());
        var obs = env.Reset(2).Observation.ToArray();
        Assert.All(obs, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, obs[24]);       // red channel of the centre pixel: the agent
        Assert.Equal(0f, obs[49 + 24]);  // green
        Assert.Contains(0.5f, obs);      // some wall grey in view
        Assert.Contains("#", env.RenderAscii());
    }

    [Fact]
    public void PassesTheEnvCheckerAndIsDeterministic()
    {
        Assert.Empty(EnvChecker.Check(seed => new MazeEnv(3, seed: seed)));
        var a = new MazeEnv(5, seed: 1);
        var b = new MazeEnv(5, seed: 1);
        var rng = new Rng(8);
        a.Reset(4);
        b.Reset(4);
        for (int t = 0; t < 300; t++)
        {
            int action = rng.NextInt(3);
            var ra = a.Step(action);
            var obsA = ra.Observation.ToArray();
            var rb = b.Step(action);
            Assert.Equal(obsA, rb.Observation.ToArray());
            Assert.Equal(ra.Reward, rb.Reward);
            if (ra.Done) { a.Reset(); b.Reset(); }
        }
    }

    [Fact]
    public void StepDoesNotAllocate()
    {
        var env = new MazeEnv(0, new MazeParameters { RespawnAtGoal = true });
        env.Reset(0);
        var rng = new Rng(1);
        Assert.Equal(0, NavTestPlanner.AllocatedBytes(() =>
        {
            for (int t = 0; t < 200; t++) env.Step(rng.NextInt(3));
        }));
    }

    [Fact]
    public void RegistersMazesAndTheFamily()
    {
        var registry = new TaskRegistry();
        MazeTasks.RegisterAll(registry);
        for (int k = 0; k < MazeTasks.Count; k++)
        {
            var spec = registry.Get($"maze-{k}");
            Assert.Equal(new MazeEnv(k).Goal, spec.Goal);
            Assert.Equal((11, 11, 200), (spec.Rows, spec.Cols, spec.MaxEpisodeSteps));
        }
        var member = Assert.IsType<MazeEnv>(registry.Make("maze:12", 3));
        Assert.Equal(12, member.MazeIndex);
        Assert.Equal(new MazeEnv(6).Layout.ToString(), Assert.IsType<MazeEnv>(registry.Make("maze-6")).Layout.ToString());
    }
}
