using Distral.Agents;
using Distral.Agents.ActorCritic;
using Distral.Envs;
using Distral.Tensors;

namespace Distral.Experiments;

/// <summary>Builds actor-critic agents (the paper's seven algorithms) from a preset and the config's keys (mapped by <see cref="ActorCriticFamily"/>).</summary>
public static class ActorCriticAgents
{
    /// <summary>Stream number of the first extra env copy (0-2 are training, evaluation and evaluation seeds).</summary>
    public const int FirstCopyStream = 100;

    /// <summary>The preset with every actor-critic key of <paramref name="config"/> applied (validated).</summary>
    public static ActorCriticOptions Options(ActorCriticOptions preset, RunConfig config) => ActorCriticFamily.Family.Options(preset, config);

    /// <summary>
    /// An actor-critic agent: copy 0 of task i is <paramref name="envs"/>[i]; the other copies are made from the
    /// config's tasks with their own env seeds (streams <see cref="FirstCopyStream"/> + w). The networks start from the
    /// finished runs of `init_from` and `prior_run` when set.
    /// </summary>
    public static IMultitaskAgent Create(ActorCriticOptions preset, IReadOnlyList<IEnv> envs, RunConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(envs);
        var options = Options(preset, config);
        var tasks = TaskResolver.Resolve(config);
        if (tasks.Count != envs.Count)
            throw new ConfigException($"key 'tasks': {tasks.Count} tasks configured but {envs.Count} environments given");
        var copies = new List<IEnv>[envs.Count];
        for (int i = 0; i < envs.Count; i++) copies[i] = [envs[i]];
        for (int w = 1; w < options.WorkersPerTask; w++)
        {
            var extra = TaskResolver.CreateEnvs(tasks, seed, config.MaxEpisodeSteps, FirstCopyStream + w);
            for (int i = 0; i < envs.Count; i++) copies[i].Add(extra[i]);
        }
        var agent = new ActorCriticDistral(copies, options, seed, TorsoFor(envs[0].ObservationSpace, options));
        RunTransfer.Apply(agent, config);
        return agent;
    }

    /// <summary>Conv + LSTM columns for image observations (a Box of rank 3): dense hidden[0], LSTM hidden[-1]; else null (MLP).</summary>
    public static Func<int, Rng, Torso>? TorsoFor(Space observations, ActorCriticOptions options)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(options);
        if (observations is not Box || observations.Shape.Length != 3) return null;
        int channels = observations.Shape[0], height = observations.Shape[1], width = observations.Shape[2];
        int dense = options.HiddenSizes[0], lstm = options.HiddenSizes[^1];
        return (_, rng) => new ConvLstmTorso(channels, height, width, 16, 32, dense, lstm, rng);
    }
}
