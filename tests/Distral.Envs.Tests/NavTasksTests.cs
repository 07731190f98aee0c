using Distral.Tensors;

namespace Distral.Envs.Tests;

public class NavTasksTests
{
    private static bool IsGoal(NavigationEnv env, int r, int c) => env.TileAt(r, c) == MazeTile.Goal;

    [Fact]
    public void FindGoalRegeneratesTheMapEachEpisodeAndPaysAtTheGoal()
    {
        var env = new NavFindGoalEnv(seed: 4);
        var maps = new HashSet<string>();
        for (int episode = 0; episode < 5; episode++)
        {
            env.Reset();
            maps.Add(env.RenderAscii());
            Assert.Single(NavTestPlanner.TilesOf(env, MazeTile.Goal));
            var (reward, terminated, _) = NavTestPlanner.GoTo(env, (r, c) => IsGoal(env, r, c));
            Assert.True(terminated);
            Assert.Equal(1f, reward);
        }
        Assert.Equal(5, maps.Count);
    }

    [Fact]
    public void RepeatGoalRespawnsAndNeverTerminates()
    {
        var env = new NavRepeatGoalEnv(seed: 2);
        env.Reset(7);
        var goal = NavTestPlanner.TilesOf(env, MazeTile.Goal).Single();
        float total = 0;
        for (int visit = 0; visit < 4; visit++)
        {
            var (reward, terminated, _) = NavTestPlanner.GoTo(env, (r, c) => (r, c) == goal);
            Assert.False(terminated);
            total += reward;
            Assert.Equal(goal, NavTestPlanner.TilesOf(env, MazeTile.Goal).Single()); // the goal stays put
        }
        Assert.Equal(4f, total);
        Assert.Equal(4, env.GoalsReached);
        var rng = new Rng(3);
        for (int t = 0; t < 1000; t++) Assert.False(env.Step(rng.NextInt(3)).Done);
    }

    [Fact]
    public void ReturnItemsPaysForPickupAndDelivery()
    {
        var env = new NavReturnItemsEnv(seed: 1);
        env.Reset(11);
        var pad = NavTestPlanner.TilesOf(env, MazeTile.StartPad).Single();
        Assert.Equal(pad, (env.AgentPosition.Row, env.AgentPosition.Col));
        Assert.Equal(3, NavTestPlanner.TilesOf(env, MazeTile.Item).Count);

        // Fetch one item and bring it home, then the other two together.
        var first = NavTestPlanner.GoTo(env, (r, c) => env.TileAt(r, c) == MazeTile.Item);
        Assert.Equal(0.1f, first.Reward, 5);
        Assert.Equal(1, env.Carried);
        Assert.Equal(1f / 3, env.AgentPixelBlue(), 5);
        var home = NavTestPlanner.GoTo(env, (r, c) => (r, c) == pad);
        Assert.Equal(1f, home.Reward, 5);
        Assert.False(home.Terminated);
        Assert.Equal((0, 1), (env.Carried, env.Delivered));
        float rest = NavTestPlanner.GoTo(env, (r, c) => env.TileAt(r, c) == MazeTile.Item).Reward;
        rest += NavTestPlanner.GoTo(env, (r, c) => env.TileAt(r, c) == MazeTile.Item).Reward;
        var last = NavTestPlanner.GoTo(env, (r, c) => (r, c) == pad);
        Assert.Equal(0.2f, rest, 5);
        Assert.Equal(2f, last.Reward, 5);
        Assert.True(last.Terminated);
        Assert.Equal(3, env.Delivered);
    }

    [Fact]
    public void DoorsFollowTheirScheduleAndBlockWhenClosed()
    {
        var env = new NavDoorsEnv(seed: 3);
        env.Reset(5);
        Assert.Equal(4, env.DoorCount);
        var rng = new Rng(2);
        for (int t = 0; t < 40; t++)
        {
            for (int d = 0; d < env.DoorCount; d++)
            {
                var p = env.DoorPosition(d);
                var tile = env.TileAt(p.Row, p.Col);
                Assert.Equal(env.IsDoorOpen(d, t) ? MazeTile.DoorOpen : MazeTile.DoorClosed, tile);
            }
            // Over a period every door is open for exactly DoorOpenSteps steps.
            if (t == 0)
                for (int d = 0; d < env.DoorCount; d++)
                    Assert.Equal(4, Enumerable.Range(0, 8).Count(s => env.IsDoorOpen(d, s)));
            var before = env.AgentPosition;
            int heading = env.Heading;
            var (dr, dc) = NavTestPlanner.Directions[heading];
            var ahead = env.TileAt(before.Row + dr, before.Col + dc);
            int action = rng.NextInt(3);
            if (env.Step(action).Done) break;
            if (action == 0 && ahead is MazeTile.DoorClosed or MazeTile.Wall) Assert.Equal(before, env.AgentPosition);
        }
    }

    [Fact]
    public void DoorsMazeIsSolvableByWaitingAtDoors()
    {
        var env = new NavDoorsEnv(seed: 8);
        for (int episode = 0; episode < 5; episode++)
        {
            env.Reset();
            var (reward, terminated, _) = NavTestPlanner.GoTo(env, (r, c) => IsGoal(env, r, c), 1000);
            Assert.True(terminated);
            Assert.Equal(1f, reward);
        }
    }

    public static TheoryData<string> TaskNames => ["nav-find-goal", "nav-return-items", "nav-repeat-goal", "nav-doors"];

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void RegisteredTasksPassTheCheckerAndDoNotAllocate(string name)
    {
        var registry = new TaskRegistry();
        NavTasks.RegisterAll(registry);
        var spec = registry.Get(name);
        Assert.Equal((9, 9), (spec.Rows, spec.Cols));
        Assert.NotNull(spec.MaxEpisodeSteps);
        Assert.Empty(EnvChecker.Check(seed => registry.Make(name, seed), maxStepsToEnd: 5000));

        var env = registry.Make(name, 1);
        Assert.Equal(147, env.ObservationSpace.Size);
        env.Reset(0);
        var rng = new Rng(6);
        Assert.Equal(0, NavTestPlanner.AllocatedBytes(() =>
        {
            for (int t = 0; t < 300; t++)
                if (env.Step(rng.NextInt(3)).Done) env.Reset();
        }));
    }

    [Fact]
    public void SameSeedSameEpisodes()
    {
        var a = new NavDoorsEnv(seed: 1);
        var b = new NavDoorsEnv(seed: 2);
        a.Reset(42);
        b.Reset(42);
        Assert.Equal(a.RenderAscii(), b.RenderAscii());
        a.Reset(43);
        Assert.NotEqual(a.RenderAscii(), b.RenderAscii());
    }
}

internal static class NavReturnItemsEnvTestExtensions
{
    /// <summary>The blue channel of the agent's pixel in the current observation (the carried fraction).</summary>
    public static float AgentPixelBlue(this NavReturnItemsEnv env) => env.Observation[2 * 49 + 24];
}
