using Distral.Agents;
using Distral.Agents.SoftQ;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>Builds soft-Q agents from a preset and the config's agent keys.</summary>
public static class SoftQAgents
{
    /// <summary>The preset with every soft-Q key of <paramref name="config"/> applied (validated).</summary>
    public static SoftQOptions Options(SoftQOptions preset, RunConfig config)
    {
        var options = preset with
        {
            Gamma = config.GetFloat("gamma"),
            Alpha = config.GetFloat("alpha"),
            Beta = config.GetFloat("beta"),
            BetaPrime = config.GetFloat("beta_prime"),
            BatchSize = config.GetInt("batch_size"),
            TaskLearningRate = config.GetFloat("lr_task"),
            DistilledLearningRate = config.GetFloat("lr_distilled"),
            ReplayCapacity = config.GetInt("replay_size"),
            MinReplayToLearn = config.GetInt("min_replay"),
            EpsilonStart = config.GetFloat("epsilon_start"),
            EpsilonEnd = config.GetFloat("epsilon_end"),
            EpsilonDecayEpisodes = config.GetFloat("epsilon_decay_episodes"),
            HiddenSizes = config.GetInts("hidden"),
            NSteps = config.GetInt("n_steps"),
            TargetNetwork = ConfigKeys.FromKebab<TargetNetworkMode>(config.GetString("target_network")),
            TargetUpdatePeriod = config.GetInt("target_period"),
            TargetTau = config.GetFloat("target_tau"),
            PriorFloor = config.GetFloat("prior_floor"),
            Exploration = ConfigKeys.FromKebab<ExplorationMode>(config.GetString("exploration")),
            UpdatesPerStep = config.GetInt("updates_per_step"),
            GradientClipValue = config.GetFloat("grad_clip_value"),
            TdLoss = ConfigKeys.FromKebab<TdLossKind>(config.GetString("td_loss")),
            DistillationLoss = ConfigKeys.FromKebab<DistillationLossKind>(config.GetString("distillation_loss")),
            Threads = config.GetInt("threads"),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"invalid soft-Q settings: {e.Message}", e);
        }
        return options;
    }

    /// <summary>A soft-Q agent for <paramref name="envs"/>.</summary>
    public static IMultitaskAgent Create(SoftQOptions preset, IReadOnlyList<IEnv> envs, RunConfig config, ulong seed) =>
        new SoftQDistral(envs, Options(preset, config), seed);
}
