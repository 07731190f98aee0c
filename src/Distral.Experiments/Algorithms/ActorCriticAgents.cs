using Distral.Agents;
using Distral.Agents.ActorCritic;
using Distral.Envs;
using Distral.Tensors;

namespace Distral.Experiments;

/// <summary>Builds actor-critic agents (the paper's seven algorithms) from a preset and the config's keys.</summary>
public static class ActorCriticAgents
{
    /// <summary>Stream number of the first extra env copy (0-2 are training, evaluation and evaluation seeds).</summary>
    public const int FirstCopyStream = 100;

    // ActorCriticOptions property -> the config key that sets it (for error messages).
    private static readonly Dictionary<string, string> KeyOfOption = new(StringComparer.Ordinal)
    {
        [nameof(ActorCriticOptions.Alpha)] = "ac_kl_ent_alpha",
        [nameof(ActorCriticOptions.Beta)] = "ac_beta",
        [nameof(ActorCriticOptions.Gamma)] = "gamma",
        [nameof(ActorCriticOptions.HiddenSizes)] = "hidden",
        [nameof(ActorCriticOptions.UnrollLength)] = "unroll",
        [nameof(ActorCriticOptions.WorkersPerTask)] = "workers_per_task",
        [nameof(ActorCriticOptions.TaskLearningRate)] = "ac_lr_task",
        [nameof(ActorCriticOptions.DistilledLearningRate)] = "ac_lr_distilled",
        [nameof(ActorCriticOptions.ValueLossCoefficient)] = "value_loss_coef",
        [nameof(ActorCriticOptions.RmsPropDecay)] = "rmsprop_decay",
        [nameof(ActorCriticOptions.RmsPropEpsilon)] = "rmsprop_eps",
        [nameof(ActorCriticOptions.GradientClipNorm)] = "grad_clip_norm",
        [nameof(ActorCriticOptions.Regulariser)] = "regulariser",
        [nameof(ActorCriticOptions.WorkersMode)] = "workers_mode",
        [nameof(ActorCriticOptions.Threads)] = "threads",
    };

    /// <summary>The preset with every actor-critic key of <paramref name="config"/> applied (validated).</summary>
    public static ActorCriticOptions Options(ActorCriticOptions preset, RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(config);
        // KL+ent variants take their alpha from the config; A3C (0) and KL (1) are fixed by the algorithm.
        bool klEnt = preset.Alpha > 0 && preset.Alpha < 1;
        var options = preset with
        {
            Alpha = klEnt ? config.GetFloat("ac_kl_ent_alpha") : preset.Alpha,
            Beta = config.GetFloat("ac_beta"),
            Gamma = config.GetFloat("gamma"),
            HiddenSizes = config.GetInts("hidden"),
            UnrollLength = config.GetInt("unroll"),
            WorkersPerTask = config.GetInt("workers_per_task"),
            TaskLearningRate = config.GetFloat("ac_lr_task"),
            DistilledLearningRate = config.GetFloat("ac_lr_distilled"),
            ValueLossCoefficient = config.GetFloat("value_loss_coef"),
            RmsPropDecay = config.GetFloat("rmsprop_decay"),
            RmsPropEpsilon = config.GetFloat("rmsprop_eps"),
            GradientClipNorm = config.GetFloat("grad_clip_norm"),
            Regulariser = ConfigKeys.FromKebab<RegulariserForm>(config.GetString("regulariser")),
            WorkersMode = ConfigKeys.FromKebab<ActorCriticWorkersMode>(config.GetString("workers_mode")),
            Threads = config.GetInt("threads"),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName is string option && KeyOfOption.TryGetValue(option, out var k) ? k : "algorithm";
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new ConfigException($"key '{key}': invalid actor-critic setting: {message}", e);
        }
        return options;
    }

    /// <summary>
    /// An actor-critic agent: copy 0 of task i is <paramref name="envs"/>[i]; the other copies are made from the
    /// config's tasks with their own env seeds (streams <see cref="FirstCopyStream"/> + w).
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
        return new ActorCriticDistral(copies, options, seed, TorsoFor(envs[0].ObservationSpace, options));
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
