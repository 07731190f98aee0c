using Distral.Agents.PolicyDistillation;
using Distral.Agents.SoftQ;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.Tests.PolicyDistillation;

public class PolicyDistillationStudentTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static IEnv Plan(int k, int maxSteps = 100) => new TimeLimit(TaskRegistry.Default.Make($"plan{k}", k), maxSteps);

    private static SoftQTeacher RandomTeacher(ulong seed) => new(Mlp.Create([3, 8, 8, 4], Activation.LeakyRelu, new Rng(seed)));

    private static PolicyDistillationOptions Small(StudentLoss loss) => PolicyDistillationOptions.PolicyDistillation with
    {
        Loss = loss, HiddenSizes = [8, 8], BatchSize = 16, MinReplayToLearn = 16, ReplayCapacity = 500, UpdatesPerStep = 0,
    };

    private static int GreedyLength(Func<float[], int> act, IEnv env, int maxSteps = 60)
    {
        var (obs, _) = env.Reset(123);
        var buffer = obs.ToArray();
        for (int t = 1; t <= maxSteps; t++)
        {
            var step = env.Step(act(buffer));
            if (step.Terminated) return t;
            if (step.Truncated) return int.MaxValue;
            step.Observation.CopyTo(buffer);
        }
        return int.MaxValue;
    }

    [Theory]
    [InlineData(StudentLoss.Mse)]
    [InlineData(StudentLoss.Kl)]
    public void AStudentCopiedFromItsTeacherHasNoLoss(StudentLoss loss)
    {
        var teacherNet = Mlp.Create([3, 8, 8, 4], Activation.LeakyRelu, new Rng(5));
        var student = new PolicyDistillationStudent([Plan(5)], [new SoftQTeacher(teacherNet)], Small(loss) with { Tau = 1f }, seed: 2);
        student.Train(3, NullTrainingObserver.Instance, CancellationToken.None); // fills the replay, no updates
        var trunk = (Sequential)student.Networks[0].Network;
        trunk[0].CopyParametersFrom(teacherNet[0]);
        trunk[2].CopyParametersFrom(teacherNet[2]);
        student.Networks[1].Network.CopyParametersFrom(teacherNet[4]);
        float value = student.Update();
        if (loss == StudentLoss.Mse) Assert.Equal(0f, value);
        else Assert.True(Math.Abs(value) < 1e-6f, $"KL {value}");
    }

    [Fact]
    public void FeatureRegressionReachesTheTrunkButNotTheHeads()
    {
        PolicyDistillationStudent Student(bool features) =>
            new([Plan(5), Plan(6)], [RandomTeacher(1), RandomTeacher(2)], Small(StudentLoss.Kl) with { FeatureRegression = features, FeatureBeta = 1f }, seed: 4);
        var plain = Student(false);
        var mimic = Student(true);
        foreach (var s in new[] { plain, mimic }) s.Train(3, NullTrainingObserver.Instance, CancellationToken.None);
        Assert.Equal(plain.EnvSteps, mimic.EnvSteps); // the same states were collected
        plain.Update();
        mimic.Update();
        float[] Weights(PolicyDistillationStudent s, int network) => [.. s.Networks[network].Network.Parameters().SelectMany(p => p.Span.ToArray())];
        Assert.NotEqual(Weights(plain, 0), Weights(mimic, 0)); // trunk
        Assert.Equal(Weights(plain, 1), Weights(mimic, 1));    // head of task 0
        Assert.Equal(Weights(plain, 2), Weights(mimic, 2));    // head of task 1
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SteadyStateTrainingAllocatesNothing(bool actorMimic)
    {
        var student = new PolicyDistillationStudent([Plan(5), Plan(6)], [RandomTeacher(1), RandomTeacher(2)],
            Small(StudentLoss.Kl) with { UpdatesPerStep = 1, FeatureRegression = actorMimic }, seed: 3);
        student.Train(3, NullTrainingObserver.Instance, CancellationToken.None); // warm-up: replays, graph arena, optimizer
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int u = 0; u < 200; u++) student.Update();
        long updates = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, updates);
    }

    [Fact]
    public void MismatchedTeachersAreRefused()
    {
        var wrongActions = new SoftQTeacher(Mlp.Create([3, 8, 3], Activation.LeakyRelu, new Rng(1)));
        var e = Assert.Throws<ArgumentException>(() => new PolicyDistillationStudent([Plan(5)], [wrongActions], Small(StudentLoss.Kl), 1));
        Assert.Contains("Teacher 0", e.Message);
        Assert.Throws<ArgumentException>(() => new PolicyDistillationStudent([Plan(5), Plan(6)], [RandomTeacher(1)], Small(StudentLoss.Kl), 1));
    }

    [Fact]
    public void SameSeedSameStudent()
    {
        float[] Run()
        {
            var s = new PolicyDistillationStudent([Plan(5), Plan(6)], [RandomTeacher(1), RandomTeacher(2)],
                Small(StudentLoss.Kl) with { UpdatesPerStep = 1, Input = StudentInput.TaskOneHot }, seed: 9);
            s.Train(4, NullTrainingObserver.Instance, CancellationToken.None);
            return [.. s.Networks.SelectMany(n => n.Network.Parameters()).SelectMany(p => p.Span.ToArray())];
        }
        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData(StudentLoss.Nll)]
    [InlineData(StudentLoss.Kl)]
    public void AStudentLearnsTheTeachersShortestPaths(StudentLoss loss)
    {
        // Teachers: soft Q alone on plans 5 and 6 (shortest paths 9 and 5), trained briefly.
        int[] plans = [5, 6];
        var teacherAgent = new SoftQDistral([.. plans.Select(k => Plan(k))], SoftQOptions.SqlIndependent with { HiddenSizes = [32, 32] }, seed: 3);
        teacherAgent.Train(60, NullTrainingObserver.Instance, CancellationToken.None);
        var teachers = teacherAgent.Networks.Select(n => new SoftQTeacher((Sequential)n.Network)).ToArray();
        int[] teacherLengths = [.. plans.Select((k, i) => GreedyLength(obs => teacherAgent.Act(i, obs, greedy: true), Plan(k)))];
        Assert.Equal([9, 5], teacherLengths);

        var student = new PolicyDistillationStudent([.. plans.Select(k => Plan(k))], teachers,
            PolicyDistillationOptions.PolicyDistillation with { Loss = loss, HiddenSizes = [32, 32], UpdatesPerStep = 2 }, seed: 1);
        student.Train(30, NullTrainingObserver.Instance, CancellationToken.None);
        int[] studentLengths = [.. plans.Select((k, i) => GreedyLength(obs => student.Act(i, obs, greedy: true), Plan(k)))];
        output.WriteLine($"{loss}: {student.Updates} updates, {student.EnvSteps} env steps, student greedy {string.Join(",", studentLengths)}");
        Assert.Equal(teacherLengths, studentLengths);
    }
}
