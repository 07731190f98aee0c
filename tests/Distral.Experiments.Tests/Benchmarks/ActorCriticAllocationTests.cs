using Distral.Agents;
using Distral.Agents.ActorCritic;

namespace Distral.Experiments.Tests;

/// <summary>
/// What <c>distral bench --ac</c> reports as bytes per update, bounded where it can be measured exactly: the sync
/// agent of the bench's setting updates on the calling thread, so that thread's allocation counter sees all of an
/// update's work and nothing of the tests running in parallel. (The bench's own figure is the whole process's over
/// a timed window, which adds a fixed cost per <c>Train</c> call, ~49 KB per async worker thread started, and
/// anything else the process does; docs/actor-critic.md.)
/// </summary>
public class ActorCriticAllocationTests
{
    /// <summary>
    /// Bytes per steady-state sync update (80 env copies x 10 steps, one optimizer step) allowed. Any object allocated
    /// on every update costs at least 24 bytes, so this bound rules that out. Measured over 100 updates: 0 bytes alone,
    /// 0-344 bytes in all (one-off runtime allocations, at most 3.4 per update) while other tests run in parallel.
    /// </summary>
    private const double MaxBytesPerUpdate = 24;

    [Fact]
    public void SteadyStateSyncUpdatesAllocateNothingPerUpdate()
    {
        var options = ActorCriticThroughputBenchmark.AgentOptions("kl-2col", ActorCriticWorkersMode.Sync, 1);
        var agent = ActorCriticThroughputBenchmark.CreateAgent(options, 1);
        agent.RunUpdates(20, NullTrainingObserver.Instance); // warm-up: buffers grown
        const int updates = 100;
        long before = GC.GetAllocatedBytesForCurrentThread();
        agent.RunUpdates(updates, NullTrainingObserver.Instance);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        double perUpdate = (double)allocated / updates;
        Assert.True(perUpdate < MaxBytesPerUpdate, $"{perUpdate:F1} bytes per sync update ({allocated} B in {updates} updates)");
    }
}
