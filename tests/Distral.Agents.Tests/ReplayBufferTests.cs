using Distral.Agents.Replay;
using Distral.Tensors;

namespace Distral.Agents.Tests;

public class ReplayBufferTests
{
    // One-dimensional observations equal to the step index make every sampled row identifiable.
    private static void AddEpisode(ReplayBuffer buffer, int firstObs, float[] rewards, bool terminatedAtEnd, bool truncatedAtEnd)
    {
        for (int t = 0; t < rewards.Length; t++)
        {
            bool last = t == rewards.Length - 1;
            buffer.Add([firstObs + t], action: t % 4, rewards[t], [firstObs + t + 1],
                terminated: last && terminatedAtEnd, truncated: last && truncatedAtEnd, timeStep: t);
        }
    }

    private static NStepBatch SampleAll(ReplayBuffer buffer, int n, float gamma, int draws = 400)
    {
        var batch = new NStepBatch();
        buffer.SampleNStep(new Rng(3), draws, n, gamma, batch);
        return batch;
    }

    [Fact]
    public void NStepReturnStopsAtTerminalWithoutBootstrap()
    {
        var buffer = new ReplayBuffer(100, 1);
        AddEpisode(buffer, 0, [1, 2, 3], terminatedAtEnd: true, truncatedAtEnd: false);
        var b = SampleAll(buffer, n: 10, gamma: 0.5f);
        for (int r = 0; r < b.Count; r++)
        {
            int t = (int)b.Observations[r];
            float expected = t switch { 0 => 1 + 0.5f * 2 + 0.25f * 3, 1 => 2 + 0.5f * 3, _ => 3 };
            Assert.Equal(expected, b.Returns[r], 5);
            Assert.Equal(0f, b.BootstrapDiscounts[r]);
            Assert.Equal(t, b.TimeSteps[r]);
        }
    }

    [Fact]
    public void TruncationBootstrapsFromTheLastObservation()
    {
        var buffer = new ReplayBuffer(100, 1);
        AddEpisode(buffer, 0, [1, 1], terminatedAtEnd: false, truncatedAtEnd: true);
        AddEpisode(buffer, 100, [5, 5, 5], terminatedAtEnd: true, truncatedAtEnd: false);
        var b = SampleAll(buffer, n: 10, gamma: 0.9f);
        bool sawFirst = false;
        for (int r = 0; r < b.Count; r++)
        {
            if (b.Observations[r] != 0) continue;
            sawFirst = true;
            Assert.Equal(1 + 0.9f, b.Returns[r], 5);
            Assert.Equal(0.81f, b.BootstrapDiscounts[r], 5);
            Assert.Equal(2f, b.NextObservations[r]); // does not run into the next episode
        }
        Assert.True(sawFirst);
    }

    [Fact]
    public void OneStepTargetsAreTheStoredTransitions()
    {
        var buffer = new ReplayBuffer(100, 1);
        AddEpisode(buffer, 0, [1, 2, 3, 4], terminatedAtEnd: false, truncatedAtEnd: false);
        var b = SampleAll(buffer, n: 1, gamma: 0.99f);
        for (int r = 0; r < b.Count; r++)
        {
            int t = (int)b.Observations[r];
            Assert.Equal(t + 1, b.Returns[r]);
            Assert.Equal(t + 1, b.NextObservations[r]);
            Assert.Equal(0.99f, b.BootstrapDiscounts[r], 6);
            Assert.Equal(t % 4, b.Actions[r]);
        }
    }

    [Fact]
    public void RingKeepsTheNewestTransitionsAndNeverReadsPastTheNewest()
    {
        var buffer = new ReplayBuffer(5, 1);
        AddEpisode(buffer, 0, [1, 1, 1, 1, 1, 1, 1, 1], terminatedAtEnd: false, truncatedAtEnd: false);
        Assert.Equal(5, buffer.Count);
        Assert.Equal(8, buffer.TotalAdded);
        var b = SampleAll(buffer, n: 4, gamma: 1f);
        for (int r = 0; r < b.Count; r++)
        {
            int t = (int)b.Observations[r];
            Assert.InRange(t, 3, 7);
            int steps = Math.Min(4, 8 - t); // window truncated at the newest transition (t = 7)
            Assert.Equal(steps, b.Returns[r]);
            Assert.Equal(t + steps, b.NextObservations[r]);
        }
    }

    [Fact]
    public void SamplingAllocatesNothingAfterWarmUp()
    {
        var buffer = new ReplayBuffer(1000, 3);
        var rng = new Rng(1);
        for (int i = 0; i < 1000; i++) buffer.Add([i, 0, 0], 1, 0.5f, [i + 1, 0, 0], false, i % 50 == 49, i % 50);
        var batch = new NStepBatch();
        buffer.SampleNStep(rng, 128, 10, 0.99f, batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            buffer.Add([i, 0, 0], 1, 0.5f, [i + 1, 0, 0], false, false, i);
            buffer.SampleNStep(rng, 128, 10, 0.99f, batch);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
