using Distral.Agents.PolicyDistillation;
using static Distral.Experiments.ConfigValues;
using Binding = Distral.Experiments.KeyBinding<Distral.Agents.PolicyDistillation.PolicyDistillationOptions>;

namespace Distral.Experiments;

/// <summary>
/// The distillation family: Policy Distillation (Rusu et al. 2016) and Actor-Mimic (Parisotto et al. 2016), a student
/// fitted to the task networks of a finished soft-Q or actor-critic run (key `teachers`). Its keys are prefixed (`distill_*`,
/// `student_*`) so they do not clash with the soft-Q keys; defaults come from <see cref="PolicyDistillationOptions"/>.
/// The two algorithms are two families sharing one key table, each with its preset's defaults.
/// </summary>
public static class DistillationFamily
{
    /// <summary>The key naming the teachers' run directory (read by <see cref="DistillationAgents"/>).</summary>
    public const string TeachersKey = "teachers";

    /// <summary>Policy Distillation: the keys default to <see cref="PolicyDistillationOptions.PolicyDistillation"/>.</summary>
    public static AlgorithmFamily<PolicyDistillationOptions> PolicyDistillation { get; } = Of(PolicyDistillationOptions.PolicyDistillation,
        "Policy Distillation (Rusu et al. 2016): one multitask student fitted to the outputs (Q-values or logits) of the `teachers` run's task networks (`distill_loss` nll, mse or kl at `distill_tau`).");

    /// <summary>
    /// Actor-Mimic: a family of its own so that its keys default to <see cref="PolicyDistillationOptions.ActorMimic"/>
    /// (tau 1, feature regression on) and a config that leaves them out still gets Actor-Mimic.
    /// </summary>
    public static AlgorithmFamily<PolicyDistillationOptions> ActorMimic { get; } = Of(PolicyDistillationOptions.ActorMimic,
        "Actor-Mimic (Parisotto et al. 2016): the student fits softmax(q / `distill_tau`) of each teacher (tau 1) plus a regression of the teacher's features (`feature_beta`).");

    /// <summary>The family of the distillation algorithm <paramref name="algorithm"/>.</summary>
    public static AlgorithmFamily<PolicyDistillationOptions> For(string algorithm) =>
        algorithm == ActorMimic.Name ? ActorMimic
        : algorithm == PolicyDistillation.Name ? PolicyDistillation
        : throw new ArgumentException($"'{algorithm}' is not a distillation algorithm.", nameof(algorithm));

    // One preset per family, its defaults the preset's own values.
    private static AlgorithmFamily<PolicyDistillationOptions> Of(PolicyDistillationOptions preset, string description) => new()
    {
        Name = preset.Name,
        Section = "policy distillation",
        NameOf = o => o.Name,
        Presets = [new(preset, description)],
        Bindings = Bindings(preset),
        Validate = o => o.Validate(),
        Create = DistillationAgents.Create,
    };

    private static Binding[] Bindings(PolicyDistillationOptions d) =>
    [
        Binding.ReadByCreate(new(TeachersKey, ConfigValueKind.Text, "",
            "Run directory (relative to the working directory) of a finished soft-Q run (e.g. `sql-independent`; outputs: Q-values) or actor-critic run with an MLP torso (outputs: the task policies' logits) whose task networks teach the student; the student's tasks are matched to its tasks by name. Required by the distillation algorithms.")),
        Binding.Choice("distill_loss", d.Loss,
            "Fit of the student to the teacher's outputs q (Q-values or logits): `nll` of argmax q, `mse` to q itself, or `kl` to softmax(q / `distill_tau`).",
            nameof(d.Loss), (o, v) => o with { Loss = v }),
        Binding.Number(new("distill_tau", ConfigValueKind.Number, Number(d.Tau),
            "Temperature of the teacher's softmax(q / tau) (`kl` loss and Actor-Mimic).") { Min = 0, MinExclusive = true },
            nameof(d.Tau), (o, v) => o with { Tau = v }),
        Binding.Boolean(new("feature_regression", ConfigValueKind.Boolean, d.FeatureRegression,
            "Actor-Mimic's feature regression: a per-task linear map from the student's last hidden layer to the teacher's."),
            nameof(d.FeatureRegression), (o, v) => o with { FeatureRegression = v }),
        Binding.Number(new("feature_beta", ConfigValueKind.Number, Number(d.FeatureBeta),
            "Weight of the feature regression loss.") { Min = 0 },
            nameof(d.FeatureBeta), (o, v) => o with { FeatureBeta = v }),
        Binding.Integers(new("student_hidden", ConfigValueKind.IntegerList, Integers(d.HiddenSizes),
            "Hidden layer widths of the student (leaky ReLU after each).") { Min = 1 },
            nameof(d.HiddenSizes), (o, v) => o with { HiddenSizes = v }),
        Binding.Choice("student_input", d.Input,
            "How the student knows the task: a shared trunk with one head per task (`task-heads`) or a one-hot task label appended to the observation (`task-one-hot`).",
            nameof(d.Input), (o, v) => o with { Input = v }),
        Binding.Choice("collector", d.Collector,
            "Whose epsilon-greedy actions collect the training states: the `student`'s or the `teacher`'s.",
            nameof(d.Collector), (o, v) => o with { Collector = v }),
        Binding.Number(new("distill_lr", ConfigValueKind.Number, Number(d.LearningRate),
            "Adam learning rate of the student (and of the feature maps).") { Min = 0, MinExclusive = true },
            nameof(d.LearningRate), (o, v) => o with { LearningRate = v }),
        Binding.Integer(new("distill_batch", ConfigValueKind.Integer, (long)d.BatchSize,
            "States per task in each student update (every update fits all tasks).") { Min = 1 },
            nameof(d.BatchSize), (o, v) => o with { BatchSize = v }),
        Binding.Integer(new("distill_replay", ConfigValueKind.Integer, (long)d.ReplayCapacity,
            "States kept per task for the student's updates.") { Min = 1 },
            nameof(d.ReplayCapacity), (o, v) => o with { ReplayCapacity = v }),
        Binding.Integer(new("distill_min_replay", ConfigValueKind.Integer, (long)d.MinReplayToLearn,
            "Student updates start once every task's replay holds this many states (<= `distill_replay`).") { Min = 1 },
            nameof(d.MinReplayToLearn), (o, v) => o with { MinReplayToLearn = v }),
        Binding.Integer(new("distill_updates_per_step", ConfigValueKind.Integer, (long)d.UpdatesPerStep,
            "Student updates after each round of one env step per task.") { Min = 0 },
            nameof(d.UpdatesPerStep), (o, v) => o with { UpdatesPerStep = v }),
        Binding.Integer(new("distill_check_every", ConfigValueKind.Integer, (long)d.TeacherCheckEvery,
            "Student updates between two greedy comparisons with the teachers (0: never); the first at which the student's greedy episode is no longer than the teacher's on every task is `reached_teachers` in summary.json.") { Min = 0 },
            nameof(d.TeacherCheckEvery), (o, v) => o with { TeacherCheckEvery = v }),
        Binding.Number(new("distill_epsilon_start", ConfigValueKind.Number, Number(d.EpsilonStart),
            "Exploration probability of the collecting policy at episode 0.") { Min = 0, Max = 1 },
            nameof(d.EpsilonStart), (o, v) => o with { EpsilonStart = v }),
        Binding.Number(new("distill_epsilon_end", ConfigValueKind.Number, Number(d.EpsilonEnd),
            "Exploration probability of the collecting policy reached asymptotically.") { Min = 0, Max = 1 },
            nameof(d.EpsilonEnd), (o, v) => o with { EpsilonEnd = v }),
        Binding.Number(new("distill_epsilon_decay_episodes", ConfigValueKind.Number, Number(d.EpsilonDecayEpisodes),
            "epsilon = end + (start - end) exp(-episode / this), episodes counted per task.") { Min = 0, MinExclusive = true },
            nameof(d.EpsilonDecayEpisodes), (o, v) => o with { EpsilonDecayEpisodes = v }),
    ];
}
