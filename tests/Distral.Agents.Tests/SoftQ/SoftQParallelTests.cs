using Distral.Agents.SoftQ;
using Distral.Envs;

namespace Distral.Agents.Tests;

/// <summary>Task-parallel rounds (<see cref="SoftQOptions.Threads"/>): same bits as one thread, callbacks on the caller.</summary>
public class SoftQParallelTests
{
    // Short episodes so that many finish inside the test and the observer order is exercised.
    private static IEnv[] Envs(int tasks) =>
        [.. Enumerable.Range(0, tasks).Select(i => SoftQLearningTests.Plan(4 + i % 5, maxSteps: 25))];

    private sealed class ThreadCheckingRecorder : ITrainingObserver
    {
        public List<string> Events { get; } = [];
        public HashSet<int> Threads { get; } = [];

        public void OnEpisode(in EpisodeRecord e)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            Events.Add($"episode {e.Task} {e.Episode} {e.Steps} {e.Return:R} {e.EnvStepsTotal}");
        }

        public void OnDiagnostic(in TrainingDiagnostic diagnostic)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            Events.Add($"{diagnostic.Label} {diagnostic.Value:R} {diagnostic.EnvStep}");
        }
    }

    private static (float[] Parameters, List<string> Events, long EnvSteps) Run(SoftQOptions options, int tasks, int threads, int rounds)
    {
        var agent = new SoftQDistral(Envs(tasks), options with { Threads = threads }, 7);
        var recorder = new ThreadCheckingRecorder();
        agent.RunRounds(rounds, recorder);
        agent.StopWorkers();
        Assert.Equal([Environment.CurrentManagedThreadId], recorder.Threads);
        var parameters = agent.Networks.SelectMany(n => n.Network.Parameters()).SelectMany(p => p.ToArray()).ToArray();
        return (parameters, recorder.Events, agent.EnvSteps);
    }

    public static TheoryData<string, int, int> Variants => new()
    {
        { "2col", 3, 2 },
        { "2col", 5, 2 },
        { "2col", 3, 3 },
        { "2col", 2, 8 }, // more threads than tasks
        { "independent", 3, 2 },
        { "polyak-3step-expected", 3, 2 },
        { "hard-target-huber", 4, 3 },
    };

    private static SoftQOptions Preset(string name)
    {
        var small = SoftQOptions.Distral2Col with { BatchSize = 16, MinReplayToLearn = 16, HiddenSizes = [16, 16] };
        return name switch
        {
            "2col" => small,
            "independent" => small with { Distilled = false },
            "polyak-3step-expected" => small with
            {
                TargetNetwork = TargetNetworkMode.Polyak, NSteps = 3, DistillationLoss = DistillationLossKind.Expected,
            },
            "hard-target-huber" => small with { TargetNetwork = TargetNetworkMode.Hard, TargetUpdatePeriod = 7, TdLoss = TdLossKind.Huber, UpdatesPerStep = 2 },
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void ParallelRoundsAreBitIdenticalToOneThread(string variant, int tasks, int threads)
    {
        var options = Preset(variant);
        var serial = Run(options, tasks, 1, 120);
        var parallel = Run(options, tasks, threads, 120);
        Assert.Equal(120L * tasks, serial.EnvSteps);
        Assert.Equal(serial.EnvSteps, parallel.EnvSteps);
        Assert.Contains(serial.Events, e => e.StartsWith("episode", StringComparison.Ordinal)); // episodes did finish
        Assert.Equal(serial.Events, parallel.Events);
        Assert.Equal(serial.Parameters.Length, parallel.Parameters.Length);
        for (int k = 0; k < serial.Parameters.Length; k++)
            Assert.Equal(BitConverter.SingleToInt32Bits(serial.Parameters[k]), BitConverter.SingleToInt32Bits(parallel.Parameters[k]));
    }

    [Fact]
    public void ParametersActuallyLearnSoTheComparisonIsNotVacuous()
    {
        var options = Preset("2col");
        var agent = new SoftQDistral(Envs(2), options, 7);
        var before = agent.Networks.SelectMany(n => n.Network.Parameters()).SelectMany(p => p.ToArray()).ToArray();
        agent.RunRounds(40, NullTrainingObserver.Instance);
        var after = agent.Networks.SelectMany(n => n.Network.Parameters()).SelectMany(p => p.ToArray()).ToArray();
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void TrainWithTwoThreadsMatchesOneThreadAndStopsItsWorkers()
    {
        var options = Preset("2col");
        (List<string>, long) Train(int threads)
        {
            var agent = new SoftQDistral(Envs(3), options with { Threads = threads }, 3);
            var recorder = new ThreadCheckingRecorder();
            agent.Train(3, recorder, CancellationToken.None);
            return (recorder.Events, agent.EnvSteps);
        }
        var one = Train(1);
        int threadsBefore = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        var two = Train(2);
        Assert.Equal(one.Item2, two.Item2);
        Assert.Equal(one.Item1, two.Item1);
        Assert.True(System.Diagnostics.Process.GetCurrentProcess().Threads.Count <= threadsBefore + 1, "Train left worker threads running");
    }

    private sealed class FailingEnv(IEnv inner, int failAt) : Wrapper(inner)
    {
        private int _steps;

        public override StepResult Step(int action) =>
            ++_steps == failAt ? throw new InvalidDataException("env broke") : Inner.Step(action);
    }

    [Fact]
    public void AFailureOnAWorkerThreadSurfacesOnTheCaller()
    {
        var envs = Envs(3);
        envs[2] = new FailingEnv(envs[2], 5);
        var agent = new SoftQDistral(envs, Preset("2col") with { Threads = 2 }, 1);
        var e = Assert.Throws<InvalidOperationException>(() => agent.Train(10, NullTrainingObserver.Instance, CancellationToken.None));
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    [Fact]
    public void ThreadsOptionIsValidated()
    {
        Assert.Throws<ArgumentException>(() => (SoftQOptions.Distral2Col with { Threads = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (SoftQOptions.Distral2Col with { Threads = SoftQOptions.MaxThreads + 1 }).Validate());
        (SoftQOptions.Distral2Col with { Threads = 2 }).Validate();
    }
}

/// <summary>Zero allocation per round in the steady state, counted on every thread that runs the agent.</summary>
public class SoftQParallelAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SteadyStateRoundsAllocateNothingOnAnyThread(int threads)
    {
        var envs = new IEnv[] { SoftQLearningTests.Plan(6), SoftQLearningTests.Plan(5), SoftQLearningTests.Plan(4) };
        var agent = new SoftQDistral(envs, SoftQOptions.Distral2Col with { Threads = threads }, 4);
        agent.RunRounds(300, NullTrainingObserver.Instance); // replays past the batch size, arenas grown, workers started
        long callerBefore = GC.GetAllocatedBytesForCurrentThread(), workersBefore = agent.WorkerAllocatedBytes;
        agent.RunRounds(200, NullTrainingObserver.Instance);
        long caller = GC.GetAllocatedBytesForCurrentThread() - callerBefore, workers = agent.WorkerAllocatedBytes - workersBefore;
        agent.StopWorkers();
        Assert.True(caller + workers < 512,
            $"{caller} bytes on the calling thread and {workers} on the workers over 200 rounds with {threads} thread(s) (600 env steps, 600 soft-Q and 200 distillation updates)");
    }
}
