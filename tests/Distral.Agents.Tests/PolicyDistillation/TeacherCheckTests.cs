using Distral.Agents.PolicyDistillation;
using Distral.Agents.SoftQ;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.Tests.PolicyDistillation;

/// <summary>The student's periodic comparison with its teachers (distillation updates to reach them).</summary>
public class TeacherCheckTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static IEnv Plan(int k, int maxSteps = 100) => new TimeLimit(TaskRegistry.Default.Make($"plan{k}", k), maxSteps);

    private static readonly int[] Plans = [5, 6];

    private static TeacherMatchCheck NewCheck() => new([.. Plans.Select(k => Plan(k))], [11, 12]);

    private sealed class Recorder : ITrainingObserver
    {
        public List<double> Matches { get; } = [];
        public void OnEpisode(in EpisodeRecord episode) { }
        public void OnDiagnostic(in TrainingDiagnostic diagnostic)
        {
            if (diagnostic.Name == "teacher_match") Matches.Add(diagnostic.Value);
        }
    }

    [Fact]
    public void TheFirstMatchIsRecordedCheckpointedAndTheCheckLeavesTrainingUnchanged()
    {
        // Teachers: soft Q alone on plans 5 and 6 (shortest paths 9 and 5), trained briefly.
        var teacherAgent = new SoftQDistral([.. Plans.Select(k => Plan(k))], SoftQOptions.SqlIndependent with { HiddenSizes = [32, 32] }, seed: 3);
        teacherAgent.Train(60, NullTrainingObserver.Instance, CancellationToken.None);
        var teachers = teacherAgent.Networks.Select(n => new SoftQTeacher((Sequential)n.Network)).ToArray();
        var options = PolicyDistillationOptions.PolicyDistillation with { Loss = StudentLoss.Nll, HiddenSizes = [32, 32], UpdatesPerStep = 2, TeacherCheckEvery = 10 };
        PolicyDistillationStudent Student(TeacherMatchCheck? check) => new([.. Plans.Select(k => Plan(k))], teachers, options, seed: 1, check);

        var checkedStudent = Student(NewCheck());
        var recorder = new Recorder();
        checkedStudent.Train(30, recorder, CancellationToken.None);
        Assert.Equal([9, 5], checkedStudent.TeacherCheckLengths());
        var reached = Assert.NotNull(checkedStudent.ReachedTeachers);
        output.WriteLine($"reached at {reached.Updates} updates, {reached.EnvSteps} env steps; {checkedStudent.Updates} updates in all");
        Assert.Equal(0, reached.Updates % 10);
        Assert.InRange(reached.Updates, 10, checkedStudent.Updates);
        Assert.InRange(reached.EnvSteps, 1, checkedStudent.EnvSteps);
        // One report per check (every 10 updates, 2 per round), the fraction of tasks matched; the first 1 is the record.
        Assert.Equal(checkedStudent.Updates / 10, recorder.Matches.Count);
        Assert.Equal(reached.Updates / 10 - 1, recorder.Matches.IndexOf(1.0));
        Assert.Equal(2, checkedStudent.TasksMatchingTeachers());

        // The check draws no random number and uses its own envs: training is bit-identical without it.
        var plain = Student(check: null);
        plain.Train(30, NullTrainingObserver.Instance, CancellationToken.None);
        Assert.Null(plain.ReachedTeachers);
        Assert.Equal(plain.EnvSteps, checkedStudent.EnvSteps);
        Assert.Equal(Weights(plain), Weights(checkedStudent));

        // The record is part of the checkpointed state.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) checkedStudent.WriteState(writer);
        stream.Position = 0;
        var restored = Student(NewCheck());
        using (var reader = new BinaryReader(stream)) restored.ReadState(reader, envsRestored: false);
        Assert.Equal(checkedStudent.ReachedTeachers, restored.ReachedTeachers);
        Assert.Contains("updates " + reached.Updates, restored.DescribeState()["reached_teachers"], StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutACheckThereIsNoComparison()
    {
        var teacher = new SoftQTeacher(Mlp.Create([3, 8, 4], Activation.LeakyRelu, new Rng(1)));
        var student = new PolicyDistillationStudent([Plan(5)], [teacher], PolicyDistillationOptions.PolicyDistillation with { HiddenSizes = [8] }, seed: 1);
        Assert.Throws<InvalidOperationException>(() => student.TasksMatchingTeachers());
        Assert.Throws<ArgumentException>(() => new PolicyDistillationStudent([Plan(5)], [teacher], PolicyDistillationOptions.PolicyDistillation, 1, NewCheck()));
    }

    [Fact]
    public void AStudentEqualToItsTeachersMatchesAtTheFirstCheck()
    {
        // Copied from its (untrained) teachers and learning at a negligible rate, the student acts as they do.
        var nets = Plans.Select((_, i) => Mlp.Create([3, 8, 8, 4], Activation.LeakyRelu, new Rng((ulong)i + 5))).ToArray();
        var options = PolicyDistillationOptions.PolicyDistillation with
        {
            HiddenSizes = [8, 8], BatchSize = 8, MinReplayToLearn = 8, LearningRate = 1e-30f, TeacherCheckEvery = 3,
        };
        var check = new TeacherMatchCheck([.. Plans.Select(k => Plan(k, maxSteps: 40))], [7, 8]);
        var student = new PolicyDistillationStudent([.. Plans.Select(k => Plan(k, maxSteps: 40))], [.. nets.Select(n => new SoftQTeacher(n))], options, seed: 1, check);
        var trunk = (Sequential)student.Networks[0].Network;
        trunk[0].CopyParametersFrom(nets[0][0]);
        trunk[2].CopyParametersFrom(nets[0][2]);
        // Task heads over a shared trunk: only task 0's teacher can be copied exactly, so task 1's teacher is set to the
        // same trunk with its own head.
        nets[1][0].CopyParametersFrom(nets[0][0]);
        nets[1][2].CopyParametersFrom(nets[0][2]);
        student.Networks[1].Network.CopyParametersFrom(nets[0][4]);
        student.Networks[2].Network.CopyParametersFrom(nets[1][4]);
        Assert.Equal(2, student.TasksMatchingTeachers());
        student.Train(2, NullTrainingObserver.Instance, CancellationToken.None);
        Assert.Equal(new TeachersReached(3, Assert.NotNull(student.ReachedTeachers).EnvSteps), student.ReachedTeachers);
        Assert.InRange(student.TeacherCheckLengths()[0], 1, 40);
    }

    private static float[] Weights(PolicyDistillationStudent s) => [.. s.Networks.SelectMany(n => n.Network.Parameters()).SelectMany(p => p.Span.ToArray())];
}
