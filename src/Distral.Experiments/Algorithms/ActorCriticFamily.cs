using Distral.Agents.ActorCritic;
using static Distral.Experiments.ConfigValues;
using Binding = Distral.Experiments.KeyBinding<Distral.Agents.ActorCritic.ActorCriticOptions>;

namespace Distral.Experiments;

/// <summary>
/// The actor-critic family (the paper's seven algorithms): its presets of <see cref="ActorCriticOptions"/> and every
/// config key it reads, with defaults from <see cref="ActorCriticOptions"/> (so `gamma` defaults to 0.99 here, not
/// soft Q's 0.999).
/// </summary>
public static class ActorCriticFamily
{
    /// <summary>The family.</summary>
    public static AlgorithmFamily<ActorCriticOptions> Family { get; } = new()
    {
        Name = "actor-critic",
        Section = "actor-critic",
        NameOf = o => o.Name,
        Presets =
        [
            new(ActorCriticOptions.A3c, "A3C (actor-critic, entropy only): a separate network per task, no pi_0."),
            new(ActorCriticOptions.A3cMultitask, "A3C multitask: one network (shared policy, a value per task) for all tasks, entropy only."),
            new(ActorCriticOptions.A3c2Col, "A3C 2col: task policies softmax(h + beta f_i) with a shared column h, entropy only (no KL)."),
            new(ActorCriticOptions.Kl1Col, "Distral KL 1col (actor-critic, alpha 1): task networks softmax(f_i), pi_0 = softmax(h) via the KL term."),
            new(ActorCriticOptions.KlEnt1Col, "Distral KL+ent 1col (actor-critic, alpha `ac_kl_ent_alpha`): as kl-1col with an entropy term."),
            new(ActorCriticOptions.Kl2Col, "Distral KL 2col (actor-critic, alpha 1): task policies softmax(alpha h + beta f_i), pi_0 = softmax(h)."),
            new(ActorCriticOptions.KlEnt2Col, "Distral KL+ent 2col (actor-critic, alpha `ac_kl_ent_alpha`): as kl-2col with an entropy term."),
        ],
        Bindings = Bindings(new ActorCriticOptions()),
        Validate = o => o.Validate(),
        Create = ActorCriticAgents.Create,
    };

    private static Binding[] Bindings(ActorCriticOptions d) =>
    [
        Binding.Number(new("ac_beta", ConfigValueKind.Number, Number(d.Beta),
            "beta = 1/(c_KL + c_Ent) of the actor-critic algorithms: regularised reward R + (alpha/beta) log pi_0 - (1/beta) log pi_i (alpha is fixed by the algorithm: 0 A3C, 1 KL, `ac_kl_ent_alpha` KL+ent).") { Min = 0, MinExclusive = true },
            nameof(d.Beta), (o, v) => o with { Beta = v }),
        // KL+ent presets take their alpha from the config; A3C (0) and KL (1) are fixed by the algorithm.
        Binding.Number(new("ac_kl_ent_alpha", ConfigValueKind.Number, Number(ActorCriticOptions.KlEntAlpha),
            "alpha = c_KL/(c_KL + c_Ent) of `kl-ent-1col` and `kl-ent-2col` (paper: 0.5).") { Min = 0, MinExclusive = true, Max = 1 },
            nameof(d.Alpha), (o, v) => o.Alpha > 0 && o.Alpha < 1 ? o with { Alpha = v } : o),
        Binding.Number(SharedKeys.Gamma(d.Gamma), nameof(d.Gamma), (o, v) => o with { Gamma = v }),
        Binding.Integers(SharedKeys.Hidden(d.HiddenSizes), nameof(d.HiddenSizes), (o, v) => o with { HiddenSizes = v }),
        Binding.Integer(new("unroll", ConfigValueKind.Integer, (long)d.UnrollLength,
            "Unroll length n: steps of every env copy per update, n-step returns bootstrapped with V_i.") { Min = 1 },
            nameof(d.UnrollLength), (o, v) => o with { UnrollLength = v }),
        Binding.Integer(new("workers_per_task", ConfigValueKind.Integer, (long)d.WorkersPerTask,
            "Env copies per task stepped together (synchronous A2C-style workers); episodes of all copies count for the task.") { Min = 1 },
            nameof(d.WorkersPerTask), (o, v) => o with { WorkersPerTask = v }),
        Binding.Number(new("ac_lr_task", ConfigValueKind.Number, Number(d.TaskLearningRate),
            "RMSProp learning rate of the task columns f_i (of the one network of `a3c-multitask`).") { Min = 0, MinExclusive = true },
            nameof(d.TaskLearningRate), (o, v) => o with { TaskLearningRate = v }),
        Binding.Number(new("ac_lr_distilled", ConfigValueKind.Number, Number(d.DistilledLearningRate),
            "RMSProp learning rate of the distilled / shared column h.") { Min = 0, MinExclusive = true },
            nameof(d.DistilledLearningRate), (o, v) => o with { DistilledLearningRate = v }),
        Binding.Number(new("value_loss_coef", ConfigValueKind.Number, Number(d.ValueLossCoefficient),
            "Weight of the value loss 0.5 (V_i(s) - G)^2.") { Min = 0 },
            nameof(d.ValueLossCoefficient), (o, v) => o with { ValueLossCoefficient = v }),
        Binding.Number(new("rmsprop_decay", ConfigValueKind.Number, Number(d.RmsPropDecay),
            "RMSProp smoothing constant of the squared-gradient average.") { Min = 0, Max = 1 },
            nameof(d.RmsPropDecay), (o, v) => o with { RmsPropDecay = v }),
        Binding.Number(new("rmsprop_eps", ConfigValueKind.Number, Number(d.RmsPropEpsilon),
            "RMSProp epsilon.") { Min = 0, MinExclusive = true },
            nameof(d.RmsPropEpsilon), (o, v) => o with { RmsPropEpsilon = v }),
        Binding.Number(new("grad_clip_norm", ConfigValueKind.Number, Number(d.GradientClipNorm),
            "Global L2 norm the gradients of all networks are scaled down to (0 disables).") { Min = 0 },
            nameof(d.GradientClipNorm), (o, v) => o with { GradientClipNorm = v }),
        Binding.Choice("workers_mode", d.WorkersMode,
            "`sync`: all env copies unroll together, one batched update (A2C-style, reproducible); `async`: A3C actor-learners on `threads` threads with shared RMSProp statistics (not reproducible).",
            nameof(d.WorkersMode), (o, v) => o with { WorkersMode = v }),
        Binding.Choice("regulariser", d.Regulariser,
            "How (alpha/beta) log pi_0 - (1/beta) log pi_i enters the policy gradient: `sampled` (regularised reward at every step of the returns: the objective's gradient verbatim), `expected-now` (same objective; the current step's term in expectation, lower variance), `per-state` (A3C practice: raw-reward returns plus the per-state KL/entropy term only).",
            nameof(d.Regulariser), (o, v) => o with { Regulariser = v }),
        Binding.Integer(SharedKeys.Threads(d.Threads), nameof(d.Threads), (o, v) => o with { Threads = v }),
        Binding.ReadByCreate(SharedKeys.PriorRun),
        Binding.Boolean(SharedKeys.PriorTrainable(d.PriorTrainable), nameof(d.PriorTrainable), (o, v) => o with { PriorTrainable = v }),
        Binding.ReadByCreate(SharedKeys.InitFrom),
    ];
}
