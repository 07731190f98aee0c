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
}
