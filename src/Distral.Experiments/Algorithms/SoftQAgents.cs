using Distral.Agents;
using Distral.Agents.SoftQ;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>Builds soft-Q agents from a preset and the config's keys (the keys are mapped by <see cref="SoftQFamily"/>).</summary>
public static class SoftQAgents
{
    /// <summary>The preset with every soft-Q key of <paramref name="config"/> applied (validated).</summary>
    public static SoftQOptions Options(SoftQOptions preset, RunConfig config) => SoftQFamily.Family.Options(preset, config);

    /// <summary>A soft-Q agent for <paramref name="envs"/>, started from the finished runs of `init_from` and `prior_run` when set.</summary>
    public static IMultitaskAgent Create(SoftQOptions preset, IReadOnlyList<IEnv> envs, RunConfig config, ulong seed)
    {
        var agent = new SoftQDistral(envs, Options(preset, config), seed);
        RunTransfer.Apply(agent, config);
        return agent;
    }
}
