namespace Distral.Agents.SoftQ;

/// <summary>
/// Settings of the deep soft-Q-learning family (<see cref="SoftQDistral"/>). Defaults are the thesis
/// settings of Distral 2col via SQL: gamma 0.999, alpha 0.8, beta 5, batch 128, Adam 1e-3, replay 10,000,
/// epsilon 0.9 -> 0.05 with exp(-episode/5), networks obs-64-128-64-A with leaky ReLU, gradients clamped
/// to +-500, 1-step TD, no target network. The presets give the named variants.
/// </summary>
public sealed record SoftQOptions
{
    /// <summary>Name of the variant, used as <see cref="IMultitaskAgent.Algorithm"/> in reports.</summary>
    public string Architecture { get; init; } = "distral-2col-sql";

    /// <summary>Discount factor in (0, 1].</summary>
    public float Gamma { get; init; } = 0.999f;

    /// <summary>Weight of log pi_0 inside the soft value, alpha = c_KL / (c_KL + c_Ent), in [0, 1].</summary>
    public float Alpha { get; init; } = 0.8f;

    /// <summary>Inverse temperature beta = 1 / (c_KL + c_Ent), &gt; 0.</summary>
    public float Beta { get; init; } = 5f;

    /// <summary>Replay minibatch size for soft-Q and distillation updates.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate of each task column f_i.</summary>
    public float TaskLearningRate { get; init; } = 1e-3f;

    /// <summary>Adam learning rate of the distilled column h.</summary>
    public float DistilledLearningRate { get; init; } = 1e-3f;

    /// <summary>Transitions kept per task.</summary>
    public int ReplayCapacity { get; init; } = 10_000;

    /// <summary>Exploration probability at episode 0.</summary>
    public float EpsilonStart { get; init; } = 0.9f;

    /// <summary>Exploration probability reached asymptotically.</summary>
    public float EpsilonEnd { get; init; } = 0.05f;

    /// <summary>epsilon = end + (start - end) exp(-episode / EpsilonDecayEpisodes), episode counted per task.</summary>
    public float EpsilonDecayEpisodes { get; init; } = 5f;

    /// <summary>Hidden layer widths of every column (leaky ReLU after each).</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64, 128, 64];

    /// <summary>Gradients are clamped element-wise into [-value, value] before each step; 0 disables.</summary>
    public float GradientClipValue { get; init; } = 500f;

    /// <summary>TD horizon n of the targets R_n + gamma^n V(s_n).</summary>
    public int NSteps { get; init; } = 1;

    /// <summary>Where the bootstrap value comes from.</summary>
    public TargetNetworkMode TargetNetwork { get; init; } = TargetNetworkMode.None;

    /// <summary>Soft-Q updates (per task) between hard target refreshes (<see cref="TargetNetworkMode.Hard"/>).</summary>
    public int TargetUpdatePeriod { get; init; } = 500;

    /// <summary>Polyak rate: target = (1 - tau) target + tau online (<see cref="TargetNetworkMode.Polyak"/>).</summary>
    public float TargetTau { get; init; } = 0.005f;

    /// <summary>How tasks explore while training.</summary>
    public ExplorationMode Exploration { get; init; } = ExplorationMode.EpsilonBoltzmann;

    /// <summary>Soft-Q updates of task i after each of its environment steps.</summary>
    public int UpdatesPerStep { get; init; } = 1;

    /// <summary>Task i starts learning once its replay holds this many transitions.</summary>
    public int MinReplayToLearn { get; init; } = 128;

    /// <summary>Loss on the TD error.</summary>
    public TdLossKind TdLoss { get; init; } = TdLossKind.Mse;

    /// <summary>Form of the distillation loss.</summary>
    public DistillationLossKind DistillationLoss { get; init; } = DistillationLossKind.Sampled;

    /// <summary>The policy a task acts with.</summary>
    public ActingPolicy Acting { get; init; } = ActingPolicy.Prior;

    /// <summary>Inverse temperature beta' of <see cref="ActingPolicy.Scaled"/> acting.</summary>
    public float BetaPrime { get; init; } = 5f;

    /// <summary>
    /// Uniform share mixed into pi_0 wherever it acts as the tasks' prior (soft values, n-step regularisers, acting
    /// and distillation targets): pi~_0 = (1 - floor) pi_0 + floor / A. 0 (default) is the paper. With KL only
    /// (alpha 1) nothing keeps pi_0 from becoming deterministic, after which a task needs Q advantages of
    /// log(1/pi_0(a))/beta to take another action; a floor caps that at log(A/floor)/beta. pi_0 itself (its
    /// network, evaluation, corridor probe) is unchanged.
    /// </summary>
    public float PriorFloor { get; init; }

    /// <summary>True: learn pi_0 by distillation; false: soft Q alone with a uniform prior inside V.</summary>
    public bool Distilled { get; init; } = true;

    /// <summary>
    /// True (default): pi_0 keeps being distilled from the tasks. False: pi_0 is frozen (no distillation step), which
    /// is how a prior carried over from a finished run (<see cref="SoftQDistral.UsePrior"/>) is kept unchanged.
    /// </summary>
    public bool PriorTrainable { get; init; } = true;

    /// <summary>
    /// Threads that run the task phases of a round (env step + soft-Q updates of each task) in parallel; the
    /// distillation step follows on the calling thread. Results are bit-identical for any value. At most the
    /// number of tasks is used.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Upper bound of <see cref="Threads"/>.</summary>
    public const int MaxThreads = 64;

    /// <summary>Each task learns alone: soft Q-learning with a uniform prior, softmax(beta f) acting, no pi_0.</summary>
    public static SoftQOptions SqlIndependent => new() { Architecture = "sql-independent", Distilled = false, Acting = ActingPolicy.Prior };

    /// <summary>Thesis Distral 1col via SQL: acting with softmax(f_i).</summary>
    public static SoftQOptions Distral1Col => new() { Architecture = "distral-1col-sql", Acting = ActingPolicy.Raw };

    /// <summary>Thesis/paper Distral 2col via SQL: acting with softmax(alpha h + beta f_i).</summary>
    public static SoftQOptions Distral2Col => new() { Architecture = "distral-2col-sql", Acting = ActingPolicy.Prior };

    /// <summary>Thesis Distral 1col beta via SQL: acting with softmax(beta' f_i), beta' = 5.</summary>
    public static SoftQOptions Distral1ColBeta => new() { Architecture = "distral-1col-beta-sql", Acting = ActingPolicy.Scaled, BetaPrime = 5f };

    /// <summary>Paper two-room gridworld: KL only (alpha 1), 10-step TD, 2col (the 100-step limit is the env's).</summary>
    public static SoftQOptions PaperTwoRoom => new() { Architecture = "paper-two-room-sql", Alpha = 1f, NSteps = 10, Acting = ActingPolicy.Prior };

    /// <summary>The preset with this name (sql-independent, distral-1col-sql, distral-2col-sql, distral-1col-beta-sql, paper-two-room-sql; short forms 1col, 2col, 1col-beta, paper), case-insensitive, or null.</summary>
    public static SoftQOptions? Preset(string name) => name.ToLowerInvariant() switch
    {
        "sql-independent" or "sql" or "independent" => SqlIndependent,
        "distral-1col-sql" or "distral-1col" or "1col" => Distral1Col,
        "distral-2col-sql" or "distral-2col" or "2col" => Distral2Col,
        "distral-1col-beta-sql" or "distral-1col-beta" or "1col-beta" => Distral1ColBeta,
        "paper-two-room-sql" or "paper-two-room" or "paper" => PaperTwoRoom,
        _ => null,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Check(!string.IsNullOrWhiteSpace(Architecture), nameof(Architecture), "must not be empty");
        Check(Gamma > 0 && Gamma <= 1, nameof(Gamma), $"must be in (0, 1], got {Gamma}");
        Check(Alpha >= 0 && Alpha <= 1, nameof(Alpha), $"must be in [0, 1], got {Alpha}");
        Check(Beta > 0 && float.IsFinite(Beta), nameof(Beta), $"must be > 0 and finite, got {Beta}");
        Check(BatchSize >= 1, nameof(BatchSize), $"must be >= 1, got {BatchSize}");
        Check(TaskLearningRate > 0 && float.IsFinite(TaskLearningRate), nameof(TaskLearningRate), $"must be > 0, got {TaskLearningRate}");
        Check(DistilledLearningRate > 0 && float.IsFinite(DistilledLearningRate), nameof(DistilledLearningRate), $"must be > 0, got {DistilledLearningRate}");
        Check(ReplayCapacity >= 1, nameof(ReplayCapacity), $"must be >= 1, got {ReplayCapacity}");
        Check(EpsilonStart >= 0 && EpsilonStart <= 1, nameof(EpsilonStart), $"must be in [0, 1], got {EpsilonStart}");
        Check(EpsilonEnd >= 0 && EpsilonEnd <= 1, nameof(EpsilonEnd), $"must be in [0, 1], got {EpsilonEnd}");
        Check(EpsilonDecayEpisodes > 0, nameof(EpsilonDecayEpisodes), $"must be > 0, got {EpsilonDecayEpisodes}");
        Check(HiddenSizes is not null && HiddenSizes.Count > 0 && HiddenSizes.All(h => h >= 1), nameof(HiddenSizes), "must be a non-empty list of positive widths");
        Check(GradientClipValue >= 0, nameof(GradientClipValue), $"must be >= 0 (0 disables), got {GradientClipValue}");
        Check(NSteps >= 1, nameof(NSteps), $"must be >= 1, got {NSteps}");
        Check(TargetUpdatePeriod >= 1, nameof(TargetUpdatePeriod), $"must be >= 1, got {TargetUpdatePeriod}");
        Check(TargetTau > 0 && TargetTau <= 1, nameof(TargetTau), $"must be in (0, 1], got {TargetTau}");
        Check(UpdatesPerStep >= 0, nameof(UpdatesPerStep), $"must be >= 0, got {UpdatesPerStep}");
        Check(MinReplayToLearn >= 1, nameof(MinReplayToLearn), $"must be >= 1, got {MinReplayToLearn}");
        Check(MinReplayToLearn <= ReplayCapacity, nameof(MinReplayToLearn), $"({MinReplayToLearn}) must not exceed ReplayCapacity ({ReplayCapacity})");
        Check(PriorFloor >= 0 && PriorFloor <= 1, nameof(PriorFloor), $"must be in [0, 1], got {PriorFloor}");
        Check(BetaPrime > 0 && float.IsFinite(BetaPrime), nameof(BetaPrime), $"must be > 0, got {BetaPrime}");
        Check(Threads is >= 1 and <= MaxThreads, nameof(Threads), $"must be in [1, {MaxThreads}], got {Threads}");
        Check(Enum.IsDefined(TargetNetwork), nameof(TargetNetwork), $"unknown value {TargetNetwork}");
        Check(Enum.IsDefined(Exploration), nameof(Exploration), $"unknown value {Exploration}");
        Check(Enum.IsDefined(TdLoss), nameof(TdLoss), $"unknown value {TdLoss}");
        Check(Enum.IsDefined(DistillationLoss), nameof(DistillationLoss), $"unknown value {DistillationLoss}");
        Check(Enum.IsDefined(Acting), nameof(Acting), $"unknown value {Acting}");
    }

    private static void Check(bool ok, string option, string message)
    {
        if (!ok) throw new ArgumentException($"SoftQOptions.{option} {message}.", option);
    }
}
