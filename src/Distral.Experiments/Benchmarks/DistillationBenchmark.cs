using System.Diagnostics;
using Distral.Agents;
using Distral.Agents.PolicyDistillation;
using Distral.Agents.SoftQ;
using Distral.Envs;
using Distral.Nn;

namespace Distral.Experiments;

/// <summary>
/// Speed of the distillation students' updates (<see cref="PolicyDistillationStudent.Update"/>) on plans 4-8, timed
/// alone: the teachers are freshly initialised sql-independent soft-Q columns (3-64-128-64-4, the shape of the
/// trained teachers; their values do not change the cost), the replays are filled by the student's own acting without
/// updates, then <see cref="WarmupUpdates"/> untimed updates and the timed ones. Run by <c>distral bench --distill</c>
/// after the soft-Q schedule, in the same process.
/// </summary>
public static class DistillationBenchmark
{
    /// <summary>Untimed updates of every student before its timed ones (JIT, graph arena, Adam state).</summary>
    public const int WarmupUpdates = 50;

    /// <summary>The plans of the thesis tasks.</summary>
    private static readonly int[] Plans = [4, 5, 6, 7, 8];

    /// <summary>The students measured: the three Policy Distillation losses, Actor-Mimic, and the 1/15 KL student.</summary>
    public static IReadOnlyList<(string Name, PolicyDistillationOptions Options)> Students { get; } =
    [
        ("policy-distillation-nll", PolicyDistillationOptions.PolicyDistillation with { Loss = StudentLoss.Nll }),
        ("policy-distillation-mse", PolicyDistillationOptions.PolicyDistillation with { Loss = StudentLoss.Mse }),
        ("policy-distillation-kl", PolicyDistillationOptions.PolicyDistillation),
        ("actor-mimic", PolicyDistillationOptions.ActorMimic),
        ("policy-distillation-kl-1of15", PolicyDistillationOptions.PolicyDistillation with { HiddenSizes = [36, 64, 36] }),
    ];

    /// <summary>Every student of <see cref="Students"/>, <paramref name="updates"/> timed updates each.</summary>
    public static IReadOnlyList<DistillationBenchmarkResult> Measure(int updates, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(updates, 1);
        return [.. Students.Select(s => Run(s.Name, s.Options, updates, seed))];
    }

    /// <summary>One student: teachers built in-process, replays filled, <see cref="WarmupUpdates"/> untimed updates, then the timed ones.</summary>
    public static DistillationBenchmarkResult Run(string name, PolicyDistillationOptions options, int updates, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var envs = Envs(seed);
        var teacherColumns = new SoftQDistral(Envs(seed), SoftQOptions.SqlIndependent, seed).Networks
            .Where(n => n.Name.StartsWith("task", StringComparison.Ordinal)).ToArray();
        var teachers = teacherColumns.Select(n => new SoftQTeacher((Sequential)n.Network)).ToArray();
        var student = new PolicyDistillationStudent(envs, teachers, options with { UpdatesPerStep = 0 }, seed);
        for (int episodes = 1; !student.ReadyToLearn; episodes++) student.Train(episodes, NullTrainingObserver.Instance, CancellationToken.None);
        for (int u = 0; u < WarmupUpdates; u++) student.Update();

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int u = 0; u < updates; u++) student.Update();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        // A second, untimed window of as many updates: a steady per-update allocation shows in both, while a one-off
        // one (seen in ~1 of 3 runs inside the test host: ~7.9 KB once, not in the CLI) shows in one. The fewer counts.
        long secondBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int u = 0; u < updates; u++) student.Update();
        allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - secondBefore);
        return new DistillationBenchmarkResult(name, options.Loss, options.Tau, options.FeatureRegression, options.HiddenSizes,
            student.StudentParameterCount, teacherColumns.Sum(n => n.Network.Parameters().Sum(p => p.Size)), envs.Length, options.BatchSize,
            WarmupUpdates, updates, seconds, cpuSeconds, allocated);
    }

    private static IEnv[] Envs(ulong seed) =>
        [.. Plans.Select((plan, i) => (IEnv)new TimeLimit(TaskRegistry.Default.Make($"plan{plan}", (int)seed + i), 1000))];
}
