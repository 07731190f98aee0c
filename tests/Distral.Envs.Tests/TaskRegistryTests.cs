using Distral.Envs;

namespace Distral.Envs.Tests;

public class TaskRegistryTests
{
    public static TheoryData<string> BuiltInNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in TaskRegistry.CreateDefault().Tasks) data.Add(t.Name);
        data.Add("two-room-random:0");
        data.Add("two-room-random:7");
        return data;
    }

    [Theory]
    [MemberData(nameof(BuiltInNames))]
    public void EveryBuiltInPassesTheChecker(string name)
    {
        var spec = TaskRegistry.Default.Get(name);
        var problems = EnvChecker.Check(seed => spec.Create(seed));
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Fact]
    public void DefaultHoldsPlansAndTheTwoRoomFamilyFirstThenTheOtherFamilies()
    {
        var names = TaskRegistry.CreateDefault().Tasks.Select(t => t.Name).ToArray();
        Assert.Equal(["plan1", "plan2", "plan3", "plan4", "plan5", "plan6", "plan7", "plan8", "two-room-random"], names[..9]);
        foreach (var other in new[] { "maze-0", "maze", "nav-find-goal", "nav-return-items", "nav-repeat-goal", "nav-doors", "cartpole", "acrobot", "mountaincar", "pendulum" })
            Assert.Contains(other, names);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void RegisterAddsTasksAndRejectsDuplicates()
    {
        var registry = new TaskRegistry();
        registry.Register("tiny", "a 1x3 corridor", seed => new GridWorld(GridMap.Parse("S.G"), null, seed ?? 0));
        Assert.True(registry.Contains("tiny"));
        Assert.IsType<GridWorld>(registry.Make("tiny", 3));
        Assert.Throws<ArgumentException>(() => registry.Register("tiny", "again", _ => new GridWorld(GridMap.Parse("SG"))));
        Assert.Throws<ArgumentException>(() => registry.Register("a:b", "bad name", _ => new GridWorld(GridMap.Parse("SG"))));
    }

    [Fact]
    public void UnknownNamesThrowAnEnvExceptionListingKnownTasks()
    {
        var e = Assert.Throws<EnvException>(() => TaskRegistry.Default.Get("plan9"));
        Assert.Contains("plan9", e.Message, StringComparison.Ordinal);
        Assert.Contains("plan1", e.Message, StringComparison.Ordinal);
        Assert.False(TaskRegistry.Default.Contains("plan4:1"));        // not a family
        Assert.False(TaskRegistry.Default.Contains("two-room-random:x"));
        Assert.False(TaskRegistry.Default.Contains("two-room-random:-1"));
    }

    [Fact]
    public void ExpandGivesFamilyMembers()
    {
        var members = TaskRegistry.Default.Expand("two-room-random", 4);
        Assert.Equal(["two-room-random:0", "two-room-random:1", "two-room-random:2", "two-room-random:3"], members.Select(m => m.Name));
        Assert.All(members, m => Assert.Null(m.Start));
        Assert.Single(TaskRegistry.Default.Expand("plan4", 4));
    }

    [Fact]
    public void SameSeedSameEpisodeDifferentSeedDifferentStart()
    {
        var a = (GridWorld)TaskRegistry.Default.Make("two-room-random:1", 5);
        var b = (GridWorld)TaskRegistry.Default.Make("two-room-random:1", 5);
        var startsA = new List<GridPoint>();
        var startsB = new List<GridPoint>();
        for (int i = 0; i < 20; i++)
        {
            a.Reset(i == 0 ? 123 : null);
            b.Reset(i == 0 ? 123 : null);
            startsA.Add(a.Agent);
            startsB.Add(b.Agent);
        }
        Assert.Equal(startsA, startsB);
        var startsC = new List<GridPoint>();
        for (int i = 0; i < 20; i++)
        {
            a.Reset(i == 0 ? 124 : null);
            startsC.Add(a.Agent);
        }
        Assert.NotEqual(startsA, startsC);
    }

    [Fact]
    public void CheckerReportsABrokenEnv()
    {
        var problems = EnvChecker.Check(seed => new BrokenEnv(seed));
        Assert.Contains(problems, p => p.Contains("outside the ObservationSpace", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not deterministic", StringComparison.Ordinal) || p.Contains("differ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Step after the episode ended", StringComparison.Ordinal));
    }

    /// <summary>Observations out of bounds, ignores the seed, never refuses steps after the end.</summary>
    private sealed class BrokenEnv(int seed) : IEnv
    {
        private static int _counter;
        private readonly float[] _obs = new float[1];
        private readonly int _seed = seed;

        public Box ObservationSpace { get; } = new(0f, 1f, 1);
        public Space ActionSpace { get; } = new Discrete(2);

        public ResetResult Reset(int? seed = null)
        {
            _obs[0] = 2f + Interlocked.Increment(ref _counter) + _seed;
            return new ResetResult(_obs, default);
        }

        public StepResult Step(int action)
        {
            if (action is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(action));
            return new StepResult(_obs, 0f, true, false, default);
        }

        public StepResult Step(scoped ReadOnlySpan<float> action) => throw new NotSupportedException();
    }
}
