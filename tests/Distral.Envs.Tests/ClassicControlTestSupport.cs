namespace Distral.Envs.Tests;

/// <summary>Shared checks for the classic-control tests.</summary>
internal static class ClassicControlTestSupport
{
    /// <summary>Bytes allocated on this thread by <paramref name="action"/> after a warm-up call.</summary>
    public static long AllocatedBytes(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public static void AssertObservation(ReadOnlySpan<float> observation, params double[] expected)
    {
        Assert.Equal(expected.Length, observation.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal((float)expected[i], observation[i]);
    }
}
