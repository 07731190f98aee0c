using Distral.Agents.ActorCritic;
using Distral.Agents.PolicyDistillation;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.Tests.PolicyDistillation;

/// <summary><see cref="ActorCriticTeacher"/>: the task policy's logits (composed for 2col), and students taught by it.</summary>
public class ActorCriticTeacherTests
{
    private static IEnv Plan(int k, int maxSteps = 100) => new TimeLimit(TaskRegistry.Default.Make($"plan{k}", k), maxSteps);

    private static ActorCriticDistral Agent(ActorCriticOptions preset) =>
        new([[Plan(5)], [Plan(6)]], preset with { HiddenSizes = [8, 8], WorkersPerTask = 1, WorkersMode = ActorCriticWorkersMode.Sync }, seed: 4);

    private static ActorCriticTeacher TeacherOf(ActorCriticDistral agent, int task)
    {
        var networks = agent.Networks.ToDictionary(n => n.Name, n => (ActorCriticColumn)n.Network);
        return agent.Options.Architecture switch
        {
            ActorCriticArchitecture.Shared => new ActorCriticTeacher(networks["shared"]),
            ActorCriticArchitecture.TwoColumn => new ActorCriticTeacher(networks[$"task{task}"],
                networks.Single(n => !n.Key.StartsWith("task", StringComparison.Ordinal)).Value, agent.Options.PriorLogitWeight),
            _ => new ActorCriticTeacher(networks[$"task{task}"]),
        };
    }

    public static TheoryData<string> Presets => ["a3c", "a3c-multitask", "kl-1col", "kl-2col", "a3c-2col"];

    [Theory]
    [MemberData(nameof(Presets))]
    public void TheTeachersOutputsAreTheTaskPolicysLogits(string preset)
    {
        var agent = Agent(ActorCriticOptions.Preset(preset)!);
        agent.Train(2, NullTrainingObserver.Instance, CancellationToken.None); // some updates, so h and f_i differ from their initialisation
        var rng = new Rng(9);
        var g = new Graph();
        for (int task = 0; task < 2; task++)
        {
            var teacher = TeacherOf(agent, task);
            Assert.Equal((3, 4), (teacher.ObservationSize, teacher.ActionCount));
            Assert.Equal(agent.Options.Architecture == ActorCriticArchitecture.TwoColumn ? 16 : 8, teacher.FeatureSize);
            for (int s = 0; s < 20; s++)
            {
                float[] obs = [rng.NextInt(11), rng.NextInt(11), rng.NextFloat() - 0.5f];
                var logits = teacher.Forward(g, g.Input(new Shape(1, 3), obs), out var features).Span.ToArray();
                Assert.Equal(teacher.FeatureSize, features.Shape.Last);
                Assert.Equal(agent.Act(task, obs, greedy: true), PolicyMath.ArgMax(logits));
                g.Reset();
            }
        }
    }

    [Theory]
    [InlineData(StudentLoss.Mse)]
    [InlineData(StudentLoss.Kl)]
    public void AStudentCopiedFromAnActorCriticTeacherHasNoLoss(StudentLoss loss)
    {
        var agent = Agent(ActorCriticOptions.Kl1Col);
        var teacher = TeacherOf(agent, 0);
        var options = PolicyDistillationOptions.PolicyDistillation with
        {
            Loss = loss, Tau = 1f, HiddenSizes = [8, 8], BatchSize = 16, MinReplayToLearn = 16, ReplayCapacity = 500, UpdatesPerStep = 0,
        };
        var student = new PolicyDistillationStudent([Plan(5)], [teacher], options, seed: 2);
        student.Train(3, NullTrainingObserver.Instance, CancellationToken.None); // fills the replay, no updates
        var column = (ActorCriticColumn)agent.Networks.Single(n => n.Name == "task0").Network;
        CopyInOrder(column.Torso, student.Networks[0].Network); // the torso's fused leaky-ReLU layers = the trunk's Linear + activation
        CopyInOrder(column.PolicyHead, student.Networks[1].Network);
        float value = student.Update();
        if (loss == StudentLoss.Mse) Assert.Equal(0f, value);
        else Assert.True(Math.Abs(value) < 1e-6f, $"KL {value}");
    }

    [Fact]
    public void ARecurrentColumnIsRefused()
    {
        var column = new ActorCriticColumn(new ConvLstmTorso(3, 7, 7, 4, 4, 8, 8, new Rng(1)), 4, 1, new Rng(2));
        var e = Assert.Throws<ArgumentException>(() => new ActorCriticTeacher(column));
        Assert.Contains("recurrent teachers are not supported", e.Message, StringComparison.Ordinal);
    }

    private static void CopyInOrder(Module from, Module to)
    {
        var source = from.Parameters().ToList();
        var destination = to.Parameters().ToList();
        Assert.Equal(source.Select(p => p.Shape), destination.Select(p => p.Shape));
        for (int i = 0; i < source.Count; i++) source[i].Span.CopyTo(destination[i].Span);
    }
}
