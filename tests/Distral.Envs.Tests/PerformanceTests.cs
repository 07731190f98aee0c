using System.Diagnostics;
using Distral.Envs;
using Distral.Tensors;
using Xunit.Abstractions;

namespace Distral.Envs.Tests;

public class PerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void GridWorldStepDoesNotAllocate()
    {
        IEnv env = new EpisodeStatistics(new TimeLimit(new GridWorld(ThesisPlans.Map(4)), 100));
        var rng = new Rng(1);
        Run(env, rng, 2_000); // warm up (JIT, lazy statics)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(env, rng, 20_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void VectorEnvStepDoesNotAllocate()
    {
        var vec = new VectorEnv(i => new TimeLimit(new GridWorld(ThesisPlans.Map(4), null, i), 100), 8);
        var actions = new int[8];
        var rng = new Rng(2);
        vec.Reset(0);
        RunVector(vec, actions, rng, 500);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunVector(vec, actions, rng, 5_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Prints steps per second for plan4 (no assertion on speed; see the test output).</summary>
    [Fact]
    public void MeasurePlan4Throughput()
    {
        var (single, vector) = Plan4StepsPerSecond();
        output.WriteLine($"plan4 single env: {single:F0} steps/s; vector env (8 copies): {vector:F0} env-steps/s");
        Assert.True(single > 0 && vector > 0);
    }

    /// <summary>Steps per second of plan4 with random actions: one env, and a VectorEnv of 8 copies (env-steps).</summary>
    public static (double Single, double Vector) Plan4StepsPerSecond(int steps = 2_000_000)
    {
        var rng = new Rng(3);
        IEnv env = new TimeLimit(new GridWorld(ThesisPlans.Map(4)), 1000);
        Run(env, rng, 10_000);
        var sw = Stopwatch.StartNew();
        Run(env, rng, steps);
        double single = steps / sw.Elapsed.TotalSeconds;

        var vec = new VectorEnv(i => new TimeLimit(new GridWorld(ThesisPlans.Map(4), null, i), 1000), 8);
        var actions = new int[8];
        vec.Reset(0);
        RunVector(vec, actions, rng, 1_000);
        sw.Restart();
        RunVector(vec, actions, rng, steps / 8);
        double vector = steps / 8 * 8 / sw.Elapsed.TotalSeconds;
        return (single, vector);
    }

    private static void Run(IEnv env, Rng rng, int steps)
    {
        env.Reset(0);
        for (int t = 0; t < steps; t++)
            if (env.Step(rng.NextInt(4)).Done) env.Reset();
    }

    private static void RunVector(VectorEnv vec, int[] actions, Rng rng, int steps)
    {
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < actions.Length; i++) actions[i] = rng.NextInt(4);
            vec.Step(actions);
        }
    }
}
