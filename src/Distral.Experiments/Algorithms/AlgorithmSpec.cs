using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>A named algorithm a config can select: what it is, its family and how to build its agent.</summary>
/// <param name="Name">The config value of <c>algorithm</c>.</param>
/// <param name="Description">One line for docs and help.</param>
/// <param name="Family">The <see cref="IAlgorithmFamily.Name"/> of its family (whose key defaults apply).</param>
/// <param name="Create">Builds the agent for the tasks' environments, the resolved config and the seed.</param>
public sealed record AlgorithmSpec(string Name, string Description, string Family, Func<IReadOnlyList<IEnv>, RunConfig, ulong, IMultitaskAgent> Create);
