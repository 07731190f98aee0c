using System.Text;
using Distral.Tensors;

namespace Distral.Envs.Tests;

/// <summary>
/// Every built-in task can save and restore its whole state: a fresh env of the same task that loads a state continues
/// bit-identically (observations, rewards, flags, later resets), and bad states are refused with InvalidDataException.
/// </summary>
public class StatefulEnvTests
{
    /// <summary>Every registered task, plus a member (other than the default) of every family.</summary>
    public static TheoryData<string> EveryTask()
    {
        var data = new TheoryData<string>();
        foreach (string name in TaskNames()) data.Add(name);
        return data;
    }

    /// <summary>Every registered task whose env is not a gridworld (those states come from classes added for exact resume).</summary>
    public static TheoryData<string> EveryNonGridTask()
    {
        var data = new TheoryData<string>();
        foreach (string name in TaskNames())
            if (TaskRegistry.Default.Make(name) is not GridWorld) data.Add(name);
        return data;
    }

    private static List<string> TaskNames()
    {
        var names = new List<string>();
        foreach (var spec in TaskRegistry.CreateDefault().Tasks)
        {
            names.Add(spec.Name);
            if (spec.Member is not null) names.Add(spec.Name + ":3");
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(EveryTask))]
    public void RestoredBareEnvContinuesBitIdentically(string task)
    {
        for (int trial = 0; trial < 6; trial++)
        {
            var rng = new Rng((ulong)(1000 + trial * 31 + StableHash(task) % 997));
            int seed = rng.NextInt(1 << 20), k = rng.NextInt(0, 60), m = rng.NextInt(20, 80);
            CheckRoundTrip(task, () => TaskRegistry.Default.Make(task, seed), () => TaskRegistry.Default.Make(task, seed + 1), rng, seed, k, m);
        }
    }

    [Theory]
    [MemberData(nameof(EveryTask))]
    public void RestoredTrainingStackContinuesBitIdentically(string task)
    {
        for (int trial = 0; trial < 6; trial++)
        {
            var rng = new Rng((ulong)(5000 + trial * 17 + StableHash(task) % 991));
            int seed = rng.NextInt(1 << 20), k = rng.NextInt(0, 60), m = rng.NextInt(20, 80);
            int limit = rng.NextInt(3, 30); // short limits: several resets (new maps, new starts) inside each run
            CheckRoundTrip(task, () => Stack(task, seed, limit), () => Stack(task, seed + 7, limit), rng, seed, k, m);
        }
    }

    [Theory]
    [MemberData(nameof(EveryTask))]
    public void EveryTaskInItsTrainingStackSupportsState(string task)
    {
        Assert.True(IStatefulEnv.Supports(TaskRegistry.Default.Make(task, 1)), $"{task}: the env itself");
        Assert.True(IStatefulEnv.Supports(Stack(task, 1, 10)), $"{task}: TimeLimit + EpisodeStatistics + PreviousActionReward");
        // As TaskResolver.CreateEnvs builds training envs.
        Assert.True(IStatefulEnv.Supports(new TimeLimit(TaskRegistry.Default.Make(task, 1), 10)), $"{task}: TimeLimit");
    }

    [Theory]
    [MemberData(nameof(EveryNonGridTask))]
    public void TruncatedStateIsRefusedWithoutChangingTheEnvBeforeItsObservation(string task)
    {
        var source = TaskRegistry.Default.Make(task, 3);
        var rng = new Rng(3);
        Drive(source, rng, 25, needsReset: true, trace: null);
        byte[] state = Save(source);

        var target = (IStatefulEnv)TaskRegistry.Default.Make(task, 4);
        target.Reset(4);
        byte[] before = Save(target);
        // The base Env reads the last observation (the state's last bytes) straight into its buffer; everything before
        // it is read and checked before the env changes.
        int observationStart = state.Length - 4 * source.ObservationSpace.Size;
        for (int length = 0; length < state.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => Load(target, state.AsSpan(0, length).ToArray()));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            if (length <= observationStart) Assert.Equal(before, Save(target));
        }
    }

    [Theory]
    [MemberData(nameof(EveryTask))]
    public void FlippedBytesEitherLoadOrAreRefusedWithInvalidData(string task)
    {
        var source = TaskRegistry.Default.Make(task, 5);
        var rng = new Rng(5);
        Drive(source, rng, 15, needsReset: true, trace: null);
        byte[] state = Save(source);
        var target = (IStatefulEnv)TaskRegistry.Default.Make(task, 6);
        for (int trial = 0; trial < 150; trial++)
        {
            byte[] corrupt = (byte[])state.Clone();
            corrupt[rng.NextInt(corrupt.Length)] ^= (byte)rng.NextInt(1, 256);
            try
            {
                Load(target, corrupt);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Theory]
    [InlineData("cartpole", "acrobot")]
    [InlineData("mountaincar", "pendulum")]
    [InlineData("nav-find-goal", "nav-doors")]
    [InlineData("nav-return-items", "nav-repeat-goal")]
    [InlineData("maze-1", "maze-2")]
    [InlineData("maze-0", "nav-find-goal")]
    [InlineData("plan4", "maze-0")]
    [InlineData("cartpole", "plan4")]
    public void StateOfAnotherTaskIsRefused(string from, string into)
    {
        var source = TaskRegistry.Default.Make(from, 1);
        source.Reset(1);
        var target = (IStatefulEnv)TaskRegistry.Default.Make(into, 1);
        Assert.Throws<InvalidDataException>(() => Load(target, Save(source)));
    }

    [Fact]
    public void CorruptClassicControlFieldsAreRefused()
    {
        var env = TaskRegistry.Default.Make("cartpole", 1);
        env.Reset(1);
        byte[] state = Save(env);
        int first = "cartpole".Length + 1; // the tag's length byte and characters, then x
        BitConverter.TryWriteBytes(state.AsSpan(first, 8), double.NaN);
        var e = Assert.Throws<InvalidDataException>(() => Load((IStatefulEnv)TaskRegistry.Default.Make("cartpole"), state));
        Assert.Contains("cartpole x", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 99, "map")]              // rows
    [InlineData(8, 99, "agent row")]
    [InlineData(12, -1, "agent column")]
    [InlineData(16, 4, "heading")]
    [InlineData(24, 5, "tiles")]            // tile count
    public void CorruptNavigationFieldsAreRefused(int offset, int value, string message)
    {
        var env = new NavDoorsEnv(seed: 2);
        env.Reset(2);
        byte[] state = Save(env);
        BitConverter.TryWriteBytes(state.AsSpan(TagBytes(nameof(NavDoorsEnv)) + offset, 4), value);
        var e = Assert.Throws<InvalidDataException>(() => Load(new NavDoorsEnv(), state));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NavigationStateWithUnknownTileOrAgentInAWallIsRefused()
    {
        var env = new NavFindGoalEnv(seed: 3);
        env.Reset(3);
        byte[] state = Save(env);
        int tiles = TagBytes(nameof(NavFindGoalEnv)) + 28; // rows, cols, agent row/col, heading, marker, count
        byte[] unknown = (byte[])state.Clone();
        unknown[tiles + 5] = 200;
        Assert.Contains("unknown tile", Assert.Throws<InvalidDataException>(() => Load(new NavFindGoalEnv(), unknown)).Message, StringComparison.Ordinal);

        byte[] walled = (byte[])state.Clone();
        walled[tiles + env.AgentPosition.Row * env.Cols + env.AgentPosition.Col] = (byte)MazeTile.Wall;
        Assert.Contains("wall", Assert.Throws<InvalidDataException>(() => Load(new NavFindGoalEnv(), walled)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MazeStateMustMatchTheMazesLayout()
    {
        var env = new MazeEnv(1, seed: 1);
        env.Reset(1);
        byte[] state = Save(env);
        int tiles = TagBytes(nameof(MazeEnv)) + 28;
        int floor = Array.FindIndex(state, tiles, env.Rows * env.Cols, b => b == (byte)MazeTile.Floor) - tiles;
        int agent = env.AgentPosition.Row * env.Cols + env.AgentPosition.Col;
        if (floor == agent) floor = Array.FindIndex(state, tiles + agent + 1, env.Rows * env.Cols - agent - 1, b => b == (byte)MazeTile.Floor) - tiles;
        state[tiles + floor] = (byte)MazeTile.Goal; // a second goal: not this maze
        Assert.Contains("layout", Assert.Throws<InvalidDataException>(() => Load(new MazeEnv(1), state)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NavTaskCountersOutOfRangeAreRefused()
    {
        var items = new NavReturnItemsEnv(seed: 1);
        items.Reset(1);
        byte[] state = Save(items);
        int counters = TagBytes(nameof(NavReturnItemsEnv)) + 28 + items.Rows * items.Cols;
        BitConverter.TryWriteBytes(state.AsSpan(counters, 4), items.Parameters.NumItems + 1);
        Assert.Contains("carried", Assert.Throws<InvalidDataException>(() => Load(new NavReturnItemsEnv(), state)).Message, StringComparison.Ordinal);

        var doors = new NavDoorsEnv(seed: 1);
        doors.Reset(1);
        Assert.True(doors.DoorCount > 0);
        state = Save(doors);
        int phases = TagBytes(nameof(NavDoorsEnv)) + 28 + doors.Rows * doors.Cols + 4 + 4 + 4 + 4 * doors.DoorCount + 4;
        BitConverter.TryWriteBytes(state.AsSpan(phases, 4), doors.Parameters.DoorPeriod);
        Assert.Contains("phase", Assert.Throws<InvalidDataException>(() => Load(new NavDoorsEnv(), state)).Message, StringComparison.Ordinal);
    }

    // Runs k steps, saves, runs m more recording everything; a differently seeded fresh env (itself stepped a little so
    // nothing is left at construction values) loads the state and must give the same bits and save the same state.
    private static void CheckRoundTrip(string task, Func<IEnv> make, Func<IEnv> makeOther, Rng rng, int seed, int k, int m)
    {
        var original = make();
        original.Reset(seed);
        bool needsReset = Drive(original, new Rng((ulong)seed + 1), k, needsReset: false, trace: null);
        byte[] state = Save(original);

        var restored = makeOther();
        restored.Reset(seed + 3);
        Drive(restored, new Rng((ulong)seed + 2), rng.NextInt(0, 5), needsReset: false, trace: null);
        Load((IStatefulEnv)restored, state);
        Assert.Equal(state, Save((IStatefulEnv)restored));

        var expected = new List<string>();
        var actual = new List<string>();
        Drive(original, new Rng((ulong)seed + 5), m, needsReset, expected);
        Drive(restored, new Rng((ulong)seed + 5), m, needsReset, actual);
        string where = $"{task}: seed {seed}, saved after {k} steps";
        for (int i = 0; i < expected.Count; i++) Assert.True(expected[i] == actual[i], $"{where}: record {i} differs: {expected[i]} vs {actual[i]}");
        Assert.Equal(expected.Count, actual.Count);
    }

    // Random actions (continuous ones partly outside the bounds, to exercise clipping); resets after an episode ends.
    // Returns whether the last step ended an episode (the next driver starts with a reset).
    private static bool Drive(IEnv env, Rng actions, int steps, bool needsReset, List<string>? trace)
    {
        var continuous = env.ActionSpace is Box box ? new float[box.Size] : null;
        for (int t = 0; t < steps; t++)
        {
            if (needsReset)
            {
                var reset = env.Reset();
                trace?.Add("reset " + Bits(reset.Observation));
                needsReset = false;
                continue;
            }
            StepResult r;
            if (continuous is null)
            {
                r = env.Step(actions.NextInt(((Discrete)env.ActionSpace).N));
            }
            else
            {
                for (int i = 0; i < continuous.Length; i++) continuous[i] = actions.NextFloat(-3f, 3f);
                r = env.Step(continuous);
            }
            trace?.Add($"{Bits(r.Observation)}|{BitConverter.SingleToInt32Bits(r.Reward)}|{r.Terminated}|{r.Truncated}|{r.Info.IsSuccess}|{r.Info.EpisodeLength}|{r.Info.EpisodeReturn}");
            needsReset = r.Done;
        }
        return needsReset;
    }

    private static IStatefulEnv Stack(string task, int seed, int limit)
    {
        IEnv env = TaskRegistry.Default.Make(task, seed);
        if (env.ActionSpace is Discrete) env = new PreviousActionReward(env, -2, 2);
        return new TimeLimit(new EpisodeStatistics(env), limit);
    }

    private static string Bits(ReadOnlySpan<float> values)
    {
        var text = new StringBuilder(values.Length * 9);
        foreach (float v in values) text.Append(BitConverter.SingleToInt32Bits(v).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }

    // string.GetHashCode is randomised per process; the trials must be the same on every run.
    private static int StableHash(string text)
    {
        int hash = 17;
        foreach (char c in text) hash = unchecked(hash * 31 + c);
        return hash & 0x7FFFFFFF;
    }

    // A tag is a BinaryWriter string: one length byte (short tags) and its ASCII characters.
    private static int TagBytes(string tag) => 1 + tag.Length;

    private static byte[] Save(IEnv env)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) IStatefulEnv.Require(env).SaveState(writer);
        return stream.ToArray();
    }

    private static void Load(IStatefulEnv env, byte[] state)
    {
        using var stream = new MemoryStream(state);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        env.LoadState(reader);
        Assert.True(stream.Position == stream.Length, $"{env.GetType().Name}: {stream.Length - stream.Position} bytes left unread");
    }
}
