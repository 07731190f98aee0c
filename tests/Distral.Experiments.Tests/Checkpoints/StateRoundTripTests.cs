using Distral.Agents.Replay;
using Distral.Envs;
using Distral.Tensors;

namespace Distral.Experiments.Tests;

/// <summary>Environment and replay states survive a save/load round trip: the restored copy continues identically.</summary>
public class StateRoundTripTests
{
    // Random starts (two-room family) make the env's own generator matter; every wrapper with state is stacked on top.
    private static IStatefulEnv Stack(int seed) =>
        new TimeLimit(new EpisodeStatistics(new PreviousActionReward(TwoRoomRandom.Create(2, seed), -1, 1)), 9);

    private static List<string> Continue(IEnv env, int steps, Rng actions)
    {
        var trace = new List<string>();
        for (int k = 0; k < steps; k++)
        {
            var r = env.Step(actions.NextInt(4));
            trace.Add($"{string.Join(' ', r.Observation.ToArray())}|{r.Reward}|{r.Terminated}|{r.Truncated}|{r.Info.EpisodeLength}");
            if (r.Done) trace.Add("reset " + string.Join(' ', env.Reset().Observation.ToArray()));
        }
        return trace;
    }

    [Fact]
    public void RestoredEnvStackContinuesMidEpisodeExactly()
    {
        var original = Stack(seed: 11);
        original.Reset(3);
        Continue(original, 23, new Rng(1)); // mid-episode (limit 9), after a few resets from the env's own generator
        using var saved = new MemoryStream();
        using (var w = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true)) original.SaveState(w);

        var restored = Stack(seed: 99);
        restored.Reset(5);
        saved.Position = 0;
        using (var r = new BinaryReader(saved, System.Text.Encoding.UTF8, leaveOpen: true)) restored.LoadState(r);
        Assert.Equal(saved.Length, saved.Position);

        Assert.Equal(Continue(original, 60, new Rng(2)), Continue(restored, 60, new Rng(2)));
    }

    [Fact]
    public void EnvStateOfAnotherMapOrStackIsRefused()
    {
        var source = Stack(1);
        source.Reset(1);
        using var saved = new MemoryStream();
        using (var w = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true)) source.SaveState(w);

        saved.Position = 0;
        var plain = new TimeLimit(TwoRoomRandom.Create(2, 1), 9); // no PreviousActionReward/EpisodeStatistics layers
        var e = Assert.Throws<InvalidDataException>(() => plain.LoadState(new BinaryReader(saved)));
        Assert.Contains("expected state section 'env', found 'episode-statistics'", e.Message);

        var other = new GridWorld(GridMap.Parse("#####\n#S.G#\n#####"));
        using var gridState = new MemoryStream();
        var grid = TwoRoomRandom.Create(1, 1);
        grid.Reset(1);
        using (var w = new BinaryWriter(gridState, System.Text.Encoding.UTF8, leaveOpen: true)) grid.SaveState(w);
        gridState.Position = 0;
        Assert.Contains("map", Assert.Throws<InvalidDataException>(() => other.LoadState(new BinaryReader(gridState))).Message);
    }

    [Fact]
    public void EnvsWithoutStateSayTheyCannotSaveIt()
    {
        // A user's env that does not implement IStatefulEnv: the wrappers above it must say the stack cannot be saved.
        var wrapped = new TimeLimit(new StatelessEnv(), 10);
        Assert.False(IStatefulEnv.Supports(wrapped));
        Assert.True(IStatefulEnv.Supports(Stack(1)));
        Assert.Throws<NotSupportedException>(() => wrapped.SaveState(new BinaryWriter(new MemoryStream())));
    }

    [Theory]
    [InlineData(50, 20)]  // still filling
    [InlineData(50, 137)] // wrapped around
    public void RestoredReplaySamplesTheSameBatches(int capacity, int added)
    {
        var rng = new Rng(4);
        var original = new ReplayBuffer(capacity, 3);
        for (int i = 0; i < added; i++)
        {
            float[] s = [rng.NextFloat(), i, -i], s2 = [rng.NextFloat(), i + 1, -i - 1];
            original.Add(s, rng.NextInt(4), rng.NextFloat(-1, 1), s2, rng.NextFloat() < 0.1f, rng.NextFloat() < 0.1f, i % 7);
        }
        using var saved = new MemoryStream();
        using (var w = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true)) original.SaveState(w);
        var restored = new ReplayBuffer(capacity, 3);
        saved.Position = 0;
        restored.LoadState(new BinaryReader(saved));
        Assert.Equal(original.Count, restored.Count);
        Assert.Equal(original.TotalAdded, restored.TotalAdded);

        var a = new NStepBatch();
        var b = new NStepBatch();
        original.SampleNStep(new Rng(9), 32, 3, 0.9f, a);
        restored.SampleNStep(new Rng(9), 32, 3, 0.9f, b);
        Assert.Equal(a.Observations, b.Observations);
        Assert.Equal(a.NextObservations, b.NextObservations);
        Assert.Equal(a.Returns, b.Returns);
        Assert.Equal(a.BootstrapDiscounts, b.BootstrapDiscounts);
        Assert.Equal(a.TimeSteps, b.TimeSteps);
        Assert.Equal(a.IntermediateCount, b.IntermediateCount);

        // The next additions land in the same ring slots.
        float[] x = [1, 2, 3];
        original.Add(x, 1, 0.5f, x, false, false, 0);
        restored.Add(x, 1, 0.5f, x, false, false, 0);
        original.SampleNStep(new Rng(10), 64, 2, 0.9f, a);
        restored.SampleNStep(new Rng(10), 64, 2, 0.9f, b);
        Assert.Equal(a.Observations, b.Observations);
    }

    [Fact]
    public void ReplayStateOfAnotherShapeIsRefused()
    {
        var original = new ReplayBuffer(10, 3);
        original.Add(new float[3], 0, 0, new float[3], false, false, 0);
        using var saved = new MemoryStream();
        using (var w = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true)) original.SaveState(w);
        saved.Position = 0;
        Assert.Throws<InvalidDataException>(() => new ReplayBuffer(20, 3).LoadState(new BinaryReader(saved)));
    }

    /// <summary>A minimal env with no state capture (every built-in env has one).</summary>
    private sealed class StatelessEnv() : Env(new Box(0f, 1f, 1), new Discrete(2), seed: 0)
    {
        protected override EnvInfo OnReset(Span<float> observation)
        {
            observation[0] = 0;
            return default;
        }

        protected override StepOutcome OnStep(int action, Span<float> observation)
        {
            observation[0] = action;
            return new StepOutcome(0f, Terminated: action == 1);
        }
    }
}
