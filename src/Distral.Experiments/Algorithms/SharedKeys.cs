using Distral.Agents.SoftQ;

namespace Distral.Experiments;

/// <summary>
/// Keys that more than one algorithm family reads: defined once here (name, type, range, text), each family binding
/// them with its own default. <see cref="ConfigKeys"/> refuses two families defining one key differently.
/// </summary>
internal static class SharedKeys
{
    /// <summary>`gamma` with a family's default.</summary>
    public static ConfigKey Gamma(float familyDefault) =>
        new("gamma", ConfigValueKind.Number, ConfigValues.Number(familyDefault), "Discount factor.") { Min = 0, MinExclusive = true, Max = 1 };

    /// <summary>`hidden` with a family's default.</summary>
    public static ConfigKey Hidden(IEnumerable<int> familyDefault) =>
        new("hidden", ConfigValueKind.IntegerList, ConfigValues.Integers(familyDefault),
            "Hidden layer widths of every network (leaky ReLU after each).") { Min = 1 };

    /// <summary>`threads` with a family's default (the bound is soft Q's; actor-critic accepts the same range).</summary>
    public static ConfigKey Threads(int familyDefault) =>
        new("threads", ConfigValueKind.Integer, (long)familyDefault,
            "Threads a run may use: soft Q runs the tasks' env steps and soft-Q updates in parallel on them (results bit-identical for any value); actor-critic: see `workers_mode`.")
            { Min = 1, Max = SoftQOptions.MaxThreads };

    /// <summary>`prior_run`: the finished run whose pi_0 is the new run's prior (transfer).</summary>
    public static ConfigKey PriorRun { get; } =
        new(TransferKeys.PriorRun, ConfigValueKind.Text, "",
            "Run directory of a finished Distral run (same family, observation, action count and `hidden`) whose distilled policy pi_0 becomes this run's prior: inside the KL term, and for 2col inside the task logits alpha h + beta f_i. Empty: pi_0 starts fresh.");

    /// <summary>`prior_trainable` with a family's default.</summary>
    public static ConfigKey PriorTrainable(bool familyDefault) =>
        new(TransferKeys.PriorTrainable, ConfigValueKind.Boolean, familyDefault,
            "true: pi_0 keeps being distilled, from this run's tasks only; false: pi_0 stays frozen (with `prior_run`, the finished run's pi_0 unchanged).");

    /// <summary>`init_from`: the finished run whose shared trunk initialises the new run's columns (transfer).</summary>
    public static ConfigKey InitFrom { get; } =
        new(TransferKeys.InitFrom, ConfigValueKind.Text, "",
            "Run directory of a finished run whose shared trunk initialises the hidden layers of every column of this run (output heads stay new): a policy-distillation or actor-mimic student, a Distral run's pi_0 column, or (actor-critic) a multitask A3C network; between conv + LSTM runs (mazes) the whole torso. Layer sizes and the observation must match.");
}
