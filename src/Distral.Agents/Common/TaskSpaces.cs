using Distral.Envs;

namespace Distral.Agents;

/// <summary>
/// The check every family makes of its environments: one observation size and one discrete action count for all
/// (networks and pi_0 are shared across tasks, so the tasks must agree on both).
/// </summary>
public static class TaskSpaces
{
    /// <summary>
    /// The common observation size and action count of <paramref name="envs"/>; otherwise an
    /// <see cref="ArgumentException"/> naming the first env that differs (<paramref name="what"/>: "Env", "Env copy").
    /// </summary>
    public static (int ObservationSize, int ActionCount) CommonDiscrete(IReadOnlyList<IEnv> envs, string agent, string what, string parameter)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0) throw new ArgumentException($"{agent} needs at least one environment.", parameter);
        int obsSize = envs[0].ObservationSpace.Size;
        int actionCount = envs[0].ActionSpace is Discrete d0
            ? d0.N
            : throw new ArgumentException($"{agent} needs discrete actions; {what.ToLowerInvariant()} 0 has {envs[0].ActionSpace}.", parameter);
        for (int j = 1; j < envs.Count; j++)
        {
            if (envs[j].ObservationSpace.Size != obsSize)
                throw new ArgumentException($"{what} {j} has observation size {envs[j].ObservationSpace.Size}, {what.ToLowerInvariant()} 0 has {obsSize}.", parameter);
            if (envs[j].ActionSpace is not Discrete d || d.N != actionCount)
                throw new ArgumentException($"{what} {j} has action space {envs[j].ActionSpace}, {what.ToLowerInvariant()} 0 has Discrete({actionCount}).", parameter);
        }
        return (obsSize, actionCount);
    }
}
