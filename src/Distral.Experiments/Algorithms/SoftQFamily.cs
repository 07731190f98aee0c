using Distral.Agents.SoftQ;
using static Distral.Experiments.ConfigValues;
using Binding = Distral.Experiments.KeyBinding<Distral.Agents.SoftQ.SoftQOptions>;

namespace Distral.Experiments;

/// <summary>
/// The soft Q-learning family: its algorithms (presets of <see cref="SoftQOptions"/>) and every config key it reads,
/// with defaults from <see cref="SoftQOptions"/> so the key table and the library cannot drift apart.
/// </summary>
public static class SoftQFamily
{
    /// <summary>The family.</summary>
    public static AlgorithmFamily<SoftQOptions> Family { get; } = new()
    {
        Name = "soft-Q",
        Section = "soft Q-learning",
        NameOf = o => o.Architecture,
        Presets =
        [
            new(SoftQOptions.SqlIndependent, "Soft Q-learning of each task alone (uniform prior, no pi_0): the thesis/paper baseline."),
            new(SoftQOptions.Distral1Col, "Distral 1col via soft Q (thesis): separate task networks f_i acting with softmax(f_i), pi_0 by distillation."),
            new(SoftQOptions.Distral2Col, "Distral 2col via soft Q (paper/thesis): task policies softmax(alpha h + beta f_i) share the distilled column h."),
            new(SoftQOptions.Distral1ColBeta, "Distral 1col-beta via soft Q (thesis 3.5): like 1col but acting with softmax(beta' f_i)."),
        ],
        Bindings = Bindings(new SoftQOptions()),
        Validate = o => o.Validate(),
        Create = SoftQAgents.Create,
    };

    private static Binding[] Bindings(SoftQOptions d) =>
    [
        Binding.Number(SharedKeys.Gamma(d.Gamma), nameof(d.Gamma), (o, v) => o with { Gamma = v }),
        Binding.Number(new("alpha", ConfigValueKind.Number, Number(d.Alpha),
            "alpha = c_KL/(c_KL + c_Ent): weight of log pi_0 inside the soft value (1 = KL only).") { Min = 0, Max = 1 },
            nameof(d.Alpha), (o, v) => o with { Alpha = v }),
        Binding.Number(new("beta", ConfigValueKind.Number, Number(d.Beta),
            "beta = 1/(c_KL + c_Ent): inverse temperature of the soft value and policies.") { Min = 0, MinExclusive = true },
            nameof(d.Beta), (o, v) => o with { Beta = v }),
        Binding.Number(new("beta_prime", ConfigValueKind.Number, Number(d.BetaPrime),
            "Inverse temperature beta' of the acting policy softmax(beta' f) of `distral-1col-beta-sql`.") { Min = 0, MinExclusive = true },
            nameof(d.BetaPrime), (o, v) => o with { BetaPrime = v }),
        Binding.Integer(new("batch_size", ConfigValueKind.Integer, (long)d.BatchSize,
            "Replay minibatch size of the soft-Q and distillation updates.") { Min = 1 },
            nameof(d.BatchSize), (o, v) => o with { BatchSize = v }),
        Binding.Number(new("lr_task", ConfigValueKind.Number, Number(d.TaskLearningRate),
            "Adam learning rate of each task network f_i.") { Min = 0, MinExclusive = true },
            nameof(d.TaskLearningRate), (o, v) => o with { TaskLearningRate = v }),
        Binding.Number(new("lr_distilled", ConfigValueKind.Number, Number(d.DistilledLearningRate),
            "Adam learning rate of the distilled network h (pi_0).") { Min = 0, MinExclusive = true },
            nameof(d.DistilledLearningRate), (o, v) => o with { DistilledLearningRate = v }),
        Binding.Integer(new("replay_size", ConfigValueKind.Integer, (long)d.ReplayCapacity,
            "Replay capacity (transitions) per task.") { Min = 1 },
            nameof(d.ReplayCapacity), (o, v) => o with { ReplayCapacity = v }),
        Binding.Integer(new("min_replay", ConfigValueKind.Integer, (long)d.MinReplayToLearn,
            "A task starts learning once its replay holds this many transitions (<= `replay_size`).") { Min = 1 },
            nameof(d.MinReplayToLearn), (o, v) => o with { MinReplayToLearn = v }),
        Binding.Number(new("epsilon_start", ConfigValueKind.Number, Number(d.EpsilonStart),
            "Exploration probability at episode 0.") { Min = 0, Max = 1 },
            nameof(d.EpsilonStart), (o, v) => o with { EpsilonStart = v }),
        Binding.Number(new("epsilon_end", ConfigValueKind.Number, Number(d.EpsilonEnd),
            "Exploration probability reached asymptotically.") { Min = 0, Max = 1 },
            nameof(d.EpsilonEnd), (o, v) => o with { EpsilonEnd = v }),
        Binding.Number(new("epsilon_decay_episodes", ConfigValueKind.Number, Number(d.EpsilonDecayEpisodes),
            "epsilon = end + (start - end) exp(-episode / this), episodes counted per task.") { Min = 0, MinExclusive = true },
            nameof(d.EpsilonDecayEpisodes), (o, v) => o with { EpsilonDecayEpisodes = v }),
        Binding.Integers(SharedKeys.Hidden(d.HiddenSizes), nameof(d.HiddenSizes), (o, v) => o with { HiddenSizes = v }),
        Binding.Integer(new("n_steps", ConfigValueKind.Integer, (long)d.NSteps,
            "TD horizon n: targets R_n + gamma^n V(s_n).") { Min = 1 },
            nameof(d.NSteps), (o, v) => o with { NSteps = v }),
        Binding.Choice("target_network", d.TargetNetwork,
            "Where V(s') comes from: the online networks (`none`, thesis), a periodic copy (`hard`) or a Polyak average (`polyak`).",
            nameof(d.TargetNetwork), (o, v) => o with { TargetNetwork = v }),
        Binding.Integer(new("target_period", ConfigValueKind.Integer, (long)d.TargetUpdatePeriod,
            "Soft-Q updates between hard target refreshes (`target_network: hard`).") { Min = 1 },
            nameof(d.TargetUpdatePeriod), (o, v) => o with { TargetUpdatePeriod = v }),
        Binding.Number(new("target_tau", ConfigValueKind.Number, Number(d.TargetTau),
            "Polyak rate (`target_network: polyak`).") { Min = 0, MinExclusive = true, Max = 1 },
            nameof(d.TargetTau), (o, v) => o with { TargetTau = v }),
        Binding.Number(new("prior_floor", ConfigValueKind.Number, Number(d.PriorFloor),
            "Uniform share mixed into pi_0 where it is the tasks' prior: pi~_0 = (1 - prior_floor) pi_0 + prior_floor/A inside the soft values, the acting policies and the distillation targets. 0 = the paper. Caps the cost of overriding a near-deterministic pi_0 at log(A/prior_floor)/beta (KL only lets pi_0 become deterministic).")
            { Min = 0, Max = 1 },
            nameof(d.PriorFloor), (o, v) => o with { PriorFloor = v }),
        Binding.Choice("exploration", d.Exploration,
            "`epsilon-boltzmann`: a uniform action with probability epsilon, else sample the policy (thesis); `boltzmann`: always sample.",
            nameof(d.Exploration), (o, v) => o with { Exploration = v }),
        Binding.Integer(new("updates_per_step", ConfigValueKind.Integer, (long)d.UpdatesPerStep,
            "Soft-Q updates of a task after each of its environment steps.") { Min = 0 },
            nameof(d.UpdatesPerStep), (o, v) => o with { UpdatesPerStep = v }),
        Binding.Number(new("grad_clip_value", ConfigValueKind.Number, Number(d.GradientClipValue),
            "Gradients are clamped element-wise to [-value, value] (0 disables).") { Min = 0 },
            nameof(d.GradientClipValue), (o, v) => o with { GradientClipValue = v }),
        Binding.Choice("td_loss", d.TdLoss, "Loss on the TD error: `mse` (thesis) or `huber`.",
            nameof(d.TdLoss), (o, v) => o with { TdLoss = v }),
        Binding.Choice("distillation_loss", d.DistillationLoss,
            "`sampled`: -log pi_0 of the replayed actions (thesis); `expected`: -sum_a pi_i log pi_0 (lower variance).",
            nameof(d.DistillationLoss), (o, v) => o with { DistillationLoss = v }),
        Binding.Integer(SharedKeys.Threads(d.Threads), nameof(d.Threads), (o, v) => o with { Threads = v }),
        Binding.ReadByCreate(SharedKeys.PriorRun),
        Binding.Boolean(SharedKeys.PriorTrainable(d.PriorTrainable), nameof(d.PriorTrainable), (o, v) => o with { PriorTrainable = v }),
        Binding.ReadByCreate(SharedKeys.InitFrom),
    ];
}
