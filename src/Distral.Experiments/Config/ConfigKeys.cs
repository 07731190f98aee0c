using System.Globalization;
using Distral.Agents.ActorCritic;
using Distral.Agents.SoftQ;

namespace Distral.Experiments;

/// <summary>
/// The table of every configuration key (name, type, default, range, description). Defaults of the agent
/// keys come from <see cref="SoftQOptions"/>, so the table and the library cannot drift apart.
/// docs/configuration.md is generated from this table (<see cref="ToMarkdown"/>; a test keeps them in sync).
/// </summary>
public static class ConfigKeys
{
    /// <summary>Keys of the run itself (algorithm, tasks, budget, seed, output).</summary>
    public const string RunSection = "run";

    /// <summary>Keys of the soft Q-learning agents.</summary>
    public const string SoftQSection = "soft Q-learning";

    /// <summary>Keys of the actor-critic agents.</summary>
    public const string ActorCriticSection = "actor-critic";

    private static readonly Lazy<IReadOnlyList<(string Section, ConfigKey Key)>> LazyTable = new(Build);

    /// <summary>Every key in documentation order, with its section.</summary>
    public static IReadOnlyList<(string Section, ConfigKey Key)> Table => LazyTable.Value;

    /// <summary>Every key in documentation order.</summary>
    public static IReadOnlyList<ConfigKey> All { get; } = [.. LazyTable.Value.Select(e => e.Key)];

    /// <summary>The key with this exact name, or null.</summary>
    public static ConfigKey? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The key with this name; otherwise a <see cref="ConfigException"/> suggesting the nearest valid key.</summary>
    public static ConfigKey Get(string name, string where)
    {
        if (Find(name) is ConfigKey key) return key;
        string hint = Suggest.Nearest(name, All.Select(k => k.Name)) is string s ? $" (did you mean '{s}'?)" : "";
        throw new ConfigException($"{where}: unknown key '{name}'{hint}; see docs/configuration.md or 'distral train --help'");
    }

    /// <summary>The key reference as markdown (the body of docs/configuration.md).</summary>
    public static string ToMarkdown()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("# Configuration keys");
        sb.AppendLine();
        sb.AppendLine("<!-- Generated from src/Distral.Experiments/Config/ConfigKeys.cs (ConfigKeys.ToMarkdown); a test checks it is current. -->");
        sb.AppendLine();
        sb.AppendLine("A run is configured by a flat YAML mapping of the keys below (`distral train --config FILE`).");
        sb.AppendLine("Every key is optional: missing keys take the default. `--set key=value` overrides one key after the");
        sb.AppendLine("file (lists as `a,b,c`); `--seed`, `--episodes` and `--tasks` are shorthands for `seed`, `episodes`, `tasks`.");
        sb.AppendLine("Unknown keys and out-of-range values are refused with the file, line and key (exit code 2).");
        sb.AppendLine("The run directory receives the resolved configuration as `config.yaml`, which can be fed back with `--config`.");
        sb.AppendLine();
        sb.AppendLine("Tasks are built-in names (`distral env list`: `plan1`..`plan8`, `two-room-random:k`, ...), a family range");
        sb.AppendLine("`two-room-random:0..4` (members 0 to 4), or paths to map files (relative to the working directory, then to");
        sb.AppendLine("the config file). Every task is wrapped in a time limit of `max_episode_steps`; gridworlds observe what");
        sb.AppendLine("`observation` says (default: the thesis encoding `[2*cell/(rows*cols) - 1, (prev_action - 2)/4, prev_reward]`).");
        foreach (var section in Table.GroupBy(e => e.Section))
        {
            sb.AppendLine();
            sb.AppendLine($"## {char.ToUpperInvariant(section.Key[0])}{section.Key[1..]}");
            sb.AppendLine();
            sb.AppendLine("| key | type | default | allowed | description |");
            sb.AppendLine("|---|---|---|---|---|");
            foreach (var (_, k) in section)
                sb.AppendLine($"| `{k.Name}` | {k.TypeName} | `{k.FormatScalar(k.Default).Replace("\"", "", StringComparison.Ordinal)}` | {k.AllowedText} | {k.Description} |");
        }
        sb.AppendLine();
        sb.AppendLine("## Run directory");
        sb.AppendLine();
        sb.AppendLine("`--out DIR` (default `runs/<algorithm>-<seed>-<UTC time>`; an existing non-empty directory is refused) receives:");
        sb.AppendLine();
        sb.AppendLine("- `config.yaml`: the resolved configuration (every key);");
        sb.AppendLine("- `metrics.csv`: one row per finished episode, `task,episode,steps,return,env_steps_total,wall_seconds`");
        sb.AppendLine("  (`episode` counts from 0 per task, `steps` is the duration, `wall_seconds` since training started; tasks");
        sb.AppendLine("  that finish their episodes early keep running while the slowest catches up, so they may have more rows);");
        sb.AppendLine("- `summary.json`: the run's figures (fields in docs/cli.md; per task: last-50 and all-episode mean durations, greedy");
        sb.AppendLine("  evaluation; `distilled` for algorithms with pi_0; `pi0_corridor` on the two-room family);");
        sb.AppendLine("- `checkpoints/final/<network>.safetensors`: every network (`task0`.., `distilled`) when `checkpoints` is true;");
        sb.AppendLine("- `checkpoints/ckpt-NNNN/`: the last resumable checkpoint (`distral train --resume DIR`, see docs/checkpoints.md).");
        sb.AppendLine();
        sb.AppendLine("Without `--config`, `distral train` runs the built-in demo (5 two-room tasks `two-room-random:0..4`, 100 episodes,");
        sb.AppendLine("Distral 2col, alpha 1, 10-step TD, 100-step episodes, gamma 0.99, beta 20, Boltzmann exploration, expected");
        sb.AppendLine("distillation; see docs/results-two-room.md) and then the `sql-independent` baseline in `DIR/baseline-sql-independent`.");
        sb.AppendLine("It ends by printing where the combined HTML report is.");
        sb.AppendLine();
        sb.AppendLine("## Algorithms");
        sb.AppendLine();
        sb.AppendLine("| algorithm | description |");
        sb.AppendLine("|---|---|");
        foreach (var a in AlgorithmCatalog.All) sb.AppendLine($"| `{a.Name}` | {a.Description} |");
        return sb.ToString();
    }

    private static IReadOnlyList<(string, ConfigKey)> Build()
    {
        var d = new SoftQOptions();
        var keys = new List<(string, ConfigKey)>
        {
            (RunSection, new("algorithm", ConfigValueKind.Choice, "distral-2col-sql",
                "The learning algorithm (see the table of algorithms below).") { Choices = AlgorithmCatalog.Names }),
            (RunSection, new("tasks", ConfigValueKind.TextList, new[] { "plan4", "plan5", "plan6", "plan7", "plan8" },
                "Tasks trained together: built-in names, family ranges (`two-room-random:0..4`) or map file paths.")),
            (RunSection, new("episodes", ConfigValueKind.Integer, 200L,
                "Episodes per task. Tasks step in lock-step until the slowest has this many, so faster tasks run more; summaries use each task's first `episodes`.") { Min = 0, MinExclusive = true }),
            (RunSection, new("max_episode_steps", ConfigValueKind.Integer, 1000L,
                "Time limit: an episode is cut (truncated, not terminal) after this many steps.") { Min = 0, MinExclusive = true }),
            (RunSection, new("observation", ConfigValueKind.Choice, GridObservation.Thesis,
                "What a gridworld task observes: `thesis` = [2*cell/(rows*cols) - 1, (prev_action - 2)/4, prev_reward] (3 floats), `one-hot` = [one-hot cell, one-hot previous action, previous reward] (rows*cols + 5 floats), `coordinates` = [row/(rows-1), col/(cols-1), one-hot previous action, previous reward] (7 floats); both give the paper's state without squeezing the position into one number. Other tasks ignore it.")
                { Choices = GridObservation.Names }),
            (RunSection, new("seed", ConfigValueKind.Integer, 1L,
                "Seed of every random generator (networks, exploration, replay, random starts).") { Min = 0 }),
            (RunSection, new("progress_every", ConfigValueKind.Integer, 10L,
                "A progress line each time every task has finished this many more episodes (0 = none).") { Min = 0 }),
            (RunSection, new("checkpoints", ConfigValueKind.Boolean, true,
                "Write checkpoints: the final networks as `checkpoints/final/<network>.safetensors` and resumable `checkpoints/ckpt-NNNN` folders (docs/checkpoints.md).")),
            (RunSection, new("checkpoint_every", ConfigValueKind.Integer, 50L,
                "A resumable checkpoint each time every task has finished this many more episodes (0 = only at the end and on Ctrl-C).") { Min = 0 }),

            (SoftQSection, new("gamma", ConfigValueKind.Number, F(d.Gamma),
                "Discount factor.") { Min = 0, MinExclusive = true, Max = 1 }),
            (SoftQSection, new("alpha", ConfigValueKind.Number, F(d.Alpha),
                "alpha = c_KL/(c_KL + c_Ent): weight of log pi_0 inside the soft value (1 = KL only).") { Min = 0, Max = 1 }),
            (SoftQSection, new("beta", ConfigValueKind.Number, F(d.Beta),
                "beta = 1/(c_KL + c_Ent): inverse temperature of the soft value and policies.") { Min = 0, MinExclusive = true }),
            (SoftQSection, new("beta_prime", ConfigValueKind.Number, F(d.BetaPrime),
                "Inverse temperature beta' of the acting policy softmax(beta' f) of `distral-1col-beta-sql`.") { Min = 0, MinExclusive = true }),
            (SoftQSection, new("batch_size", ConfigValueKind.Integer, (long)d.BatchSize,
                "Replay minibatch size of the soft-Q and distillation updates.") { Min = 1 }),
            (SoftQSection, new("lr_task", ConfigValueKind.Number, F(d.TaskLearningRate),
                "Adam learning rate of each task network f_i.") { Min = 0, MinExclusive = true }),
            (SoftQSection, new("lr_distilled", ConfigValueKind.Number, F(d.DistilledLearningRate),
                "Adam learning rate of the distilled network h (pi_0).") { Min = 0, MinExclusive = true }),
            (SoftQSection, new("replay_size", ConfigValueKind.Integer, (long)d.ReplayCapacity,
                "Replay capacity (transitions) per task.") { Min = 1 }),
            (SoftQSection, new("min_replay", ConfigValueKind.Integer, (long)d.MinReplayToLearn,
                "A task starts learning once its replay holds this many transitions (<= `replay_size`).") { Min = 1 }),
            (SoftQSection, new("epsilon_start", ConfigValueKind.Number, F(d.EpsilonStart),
                "Exploration probability at episode 0.") { Min = 0, Max = 1 }),
            (SoftQSection, new("epsilon_end", ConfigValueKind.Number, F(d.EpsilonEnd),
                "Exploration probability reached asymptotically.") { Min = 0, Max = 1 }),
            (SoftQSection, new("epsilon_decay_episodes", ConfigValueKind.Number, F(d.EpsilonDecayEpisodes),
                "epsilon = end + (start - end) exp(-episode / this), episodes counted per task.") { Min = 0, MinExclusive = true }),
            (SoftQSection, new("hidden", ConfigValueKind.IntegerList, d.HiddenSizes.Select(h => (long)h).ToArray(),
                "Hidden layer widths of every network (leaky ReLU after each).") { Min = 1 }),
            (SoftQSection, new("n_steps", ConfigValueKind.Integer, (long)d.NSteps,
                "TD horizon n: targets R_n + gamma^n V(s_n).") { Min = 1 }),
            (SoftQSection, new("target_network", ConfigValueKind.Choice, Kebab(d.TargetNetwork),
                "Where V(s') comes from: the online networks (`none`, thesis), a periodic copy (`hard`) or a Polyak average (`polyak`).")
                { Choices = EnumChoices<TargetNetworkMode>() }),
            (SoftQSection, new("target_period", ConfigValueKind.Integer, (long)d.TargetUpdatePeriod,
                "Soft-Q updates between hard target refreshes (`target_network: hard`).") { Min = 1 }),
            (SoftQSection, new("target_tau", ConfigValueKind.Number, F(d.TargetTau),
                "Polyak rate (`target_network: polyak`).") { Min = 0, MinExclusive = true, Max = 1 }),
            (SoftQSection, new("prior_floor", ConfigValueKind.Number, F(d.PriorFloor),
                "Uniform share mixed into pi_0 where it is the tasks' prior: pi~_0 = (1 - prior_floor) pi_0 + prior_floor/A inside the soft values, the acting policies and the distillation targets. 0 = the paper. Caps the cost of overriding a near-deterministic pi_0 at log(A/prior_floor)/beta (KL only lets pi_0 become deterministic).")
                { Min = 0, Max = 1 }),
            (SoftQSection, new("exploration", ConfigValueKind.Choice, Kebab(d.Exploration),
                "`epsilon-boltzmann`: a uniform action with probability epsilon, else sample the policy (thesis); `boltzmann`: always sample.")
                { Choices = EnumChoices<ExplorationMode>() }),
            (SoftQSection, new("updates_per_step", ConfigValueKind.Integer, (long)d.UpdatesPerStep,
                "Soft-Q updates of a task after each of its environment steps.") { Min = 0 }),
            (SoftQSection, new("grad_clip_value", ConfigValueKind.Number, F(d.GradientClipValue),
                "Gradients are clamped element-wise to [-value, value] (0 disables).") { Min = 0 }),
            (SoftQSection, new("td_loss", ConfigValueKind.Choice, Kebab(d.TdLoss),
                "Loss on the TD error: `mse` (thesis) or `huber`.") { Choices = EnumChoices<TdLossKind>() }),
            (SoftQSection, new("distillation_loss", ConfigValueKind.Choice, Kebab(d.DistillationLoss),
                "`sampled`: -log pi_0 of the replayed actions (thesis); `expected`: -sum_a pi_i log pi_0 (lower variance).")
                { Choices = EnumChoices<DistillationLossKind>() }),
            (SoftQSection, new("threads", ConfigValueKind.Integer, (long)d.Threads,
                "Threads a run may use: soft Q runs the tasks' env steps and soft-Q updates in parallel on them (results bit-identical for any value); actor-critic: see `workers_mode`.")
                { Min = 1, Max = SoftQOptions.MaxThreads }),
        };
        keys.AddRange(ActorCriticKeys());
        return keys;
    }

    /// <summary>Keys of the actor-critic family (defaults from <see cref="ActorCriticOptions"/>); `gamma` and `hidden` are shared with soft Q.</summary>
    private static IEnumerable<(string, ConfigKey)> ActorCriticKeys()
    {
        var d = new ActorCriticOptions();
        yield return (ActorCriticSection, new("ac_beta", ConfigValueKind.Number, F(d.Beta),
            "beta = 1/(c_KL + c_Ent) of the actor-critic algorithms: regularised reward R + (alpha/beta) log pi_0 - (1/beta) log pi_i (alpha is fixed by the algorithm: 0 A3C, 1 KL, `ac_kl_ent_alpha` KL+ent).") { Min = 0, MinExclusive = true });
        yield return (ActorCriticSection, new("ac_kl_ent_alpha", ConfigValueKind.Number, F(ActorCriticOptions.KlEntAlpha),
            "alpha = c_KL/(c_KL + c_Ent) of `kl-ent-1col` and `kl-ent-2col` (paper: 0.5).") { Min = 0, MinExclusive = true, Max = 1 });
        yield return (ActorCriticSection, new("unroll", ConfigValueKind.Integer, (long)d.UnrollLength,
            "Unroll length n: steps of every env copy per update, n-step returns bootstrapped with V_i.") { Min = 1 });
        yield return (ActorCriticSection, new("workers_per_task", ConfigValueKind.Integer, (long)d.WorkersPerTask,
            "Env copies per task stepped together (synchronous A2C-style workers); episodes of all copies count for the task.") { Min = 1 });
        yield return (ActorCriticSection, new("ac_lr_task", ConfigValueKind.Number, F(d.TaskLearningRate),
            "RMSProp learning rate of the task columns f_i (of the one network of `a3c-multitask`).") { Min = 0, MinExclusive = true });
        yield return (ActorCriticSection, new("ac_lr_distilled", ConfigValueKind.Number, F(d.DistilledLearningRate),
            "RMSProp learning rate of the distilled / shared column h.") { Min = 0, MinExclusive = true });
        yield return (ActorCriticSection, new("value_loss_coef", ConfigValueKind.Number, F(d.ValueLossCoefficient),
            "Weight of the value loss 0.5 (V_i(s) - G)^2.") { Min = 0 });
        yield return (ActorCriticSection, new("rmsprop_decay", ConfigValueKind.Number, F(d.RmsPropDecay),
            "RMSProp smoothing constant of the squared-gradient average.") { Min = 0, Max = 1 });
        yield return (ActorCriticSection, new("rmsprop_eps", ConfigValueKind.Number, F(d.RmsPropEpsilon),
            "RMSProp epsilon.") { Min = 0, MinExclusive = true });
        yield return (ActorCriticSection, new("grad_clip_norm", ConfigValueKind.Number, F(d.GradientClipNorm),
            "Global L2 norm the gradients of all networks are scaled down to (0 disables).") { Min = 0 });
        yield return (ActorCriticSection, new("workers_mode", ConfigValueKind.Choice, Kebab(d.WorkersMode),
            "`sync`: all env copies unroll together, one batched update (A2C-style, reproducible); `async`: A3C actor-learners on `threads` threads with shared RMSProp statistics (not reproducible).")
            { Choices = EnumChoices<ActorCriticWorkersMode>() });
        yield return (ActorCriticSection, new("regulariser", ConfigValueKind.Choice, Kebab(d.Regulariser),
            "How (alpha/beta) log pi_0 - (1/beta) log pi_i enters the policy gradient: `sampled` (regularised reward at every step of the returns, the paper's estimator), `expected-now` (same objective; the current step's term in expectation, lower variance), `per-state` (A3C practice: raw-reward returns plus the per-state KL/entropy term only).")
            { Choices = EnumChoices<RegulariserForm>() });
    }

    /// <summary>An enum value as a config choice: PascalCase -> kebab-case (EpsilonBoltzmann -> epsilon-boltzmann).</summary>
    internal static string Kebab<T>(T value) where T : struct, Enum
    {
        string name = value.ToString();
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    /// <summary>The enum value whose kebab-case name is <paramref name="choice"/> (already validated).</summary>
    internal static T FromKebab<T>(string choice) where T : struct, Enum =>
        Enum.GetValues<T>().First(v => Kebab(v) == choice);

    private static string[] EnumChoices<T>() where T : struct, Enum => [.. Enum.GetValues<T>().Select(Kebab)];

    // float -> the double a person would write (0.999f -> 0.999, not 0.99900001287...).
    private static double F(float f) => double.Parse(f.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
