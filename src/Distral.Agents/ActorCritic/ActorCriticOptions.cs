namespace Distral.Agents.ActorCritic;

/// <summary>
/// Settings of the Distral actor-critic family (<see cref="ActorCriticDistral"/>): one objective,
/// J = sum_i E[ sum_t gamma^t (R_i + (alpha/beta) log pi_0 - (1/beta) log pi_i) ], and the seven algorithms of the
/// paper as presets (architecture x (c_KL, c_Ent)). alpha = c_KL/(c_KL + c_Ent), beta = 1/(c_KL + c_Ent); alpha = 0
/// means no KL term (the A3C baselines, entropy only) and then there is no distilled policy. Defaults are the settings
/// that solve plans 4-8 with kl-2col and kl-ent-2col (docs/actor-critic.md); <see cref="RegulariserForm.Sampled"/> is the
/// objective's gradient verbatim, the default <see cref="RegulariserForm.PerState"/> the A3C-style estimator.
/// </summary>
public sealed record ActorCriticOptions
{
    /// <summary>Name of the variant, used as <see cref="IMultitaskAgent.Algorithm"/> in reports.</summary>
    public string Name { get; init; } = "kl-2col";

    /// <summary>Network layout.</summary>
    public ActorCriticArchitecture Architecture { get; init; } = ActorCriticArchitecture.TwoColumn;

    /// <summary>alpha = c_KL/(c_KL + c_Ent) in [0, 1]: 1 KL only, 0.5 KL+ent (paper), 0 entropy only (A3C).</summary>
    public float Alpha { get; init; } = 1f;

    /// <summary>beta = 1/(c_KL + c_Ent) &gt; 0: the inverse strength of the regulariser.</summary>
    public float Beta { get; init; } = 5f;

    /// <summary>
    /// Weight w_h of h in the 2col logits w_h h + beta f_i; null means alpha (the paper's parameterisation). The A3C
    /// 2col baseline (alpha = 0) uses 1 so that its shared column still acts.
    /// </summary>
    public float? TwoColumnPriorWeight { get; init; }

    /// <summary>Discount factor in (0, 1].</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>Unroll length n: each update uses n steps of every env copy and n-step bootstrapped returns.</summary>
    public int UnrollLength { get; init; } = 10;

    /// <summary>Environment copies per task stepped in lock-step (A2C-style synchronous workers).</summary>
    public int WorkersPerTask { get; init; } = 16;

    /// <summary>Weight of the value loss 0.5 (V_i(s) - G)^2 against the policy-gradient loss.</summary>
    public float ValueLossCoefficient { get; init; } = 0.5f;

    /// <summary>RMSProp learning rate of the task columns (and of the shared network in <see cref="ActorCriticArchitecture.Shared"/>).</summary>
    public float TaskLearningRate { get; init; } = 5e-4f;

    /// <summary>RMSProp learning rate of the distilled / shared column h.</summary>
    public float DistilledLearningRate { get; init; } = 1e-4f;

    /// <summary>RMSProp smoothing constant of the squared-gradient average.</summary>
    public float RmsPropDecay { get; init; } = 0.99f;

    /// <summary>RMSProp epsilon (A3C used 0.1; large values damp the first steps).</summary>
    public float RmsPropEpsilon { get; init; } = 1e-5f;

    /// <summary>The gradients of all networks together are rescaled to this global L2 norm when above it; 0 disables.</summary>
    public float GradientClipNorm { get; init; } = 40f;

    /// <summary>Hidden layer widths of every MLP torso (leaky ReLU after each); heads are linear on top.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64, 128, 64];

    /// <summary>How the regulariser enters the policy gradient (see <see cref="RegulariserForm"/>).</summary>
    public RegulariserForm Regulariser { get; init; } = RegulariserForm.PerState;

    /// <summary>Synchronous batched updates (reproducible) or asynchronous A3C actor-learners.</summary>
    public ActorCriticWorkersMode WorkersMode { get; init; } = ActorCriticWorkersMode.Sync;

    /// <summary>Worker threads of the asynchronous mode (the actor-learners are spread over them).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// True (default): the column h (pi_0) learns with the rest. False: h is frozen: its forward records no gradient
    /// and it has no optimizer (sync and async), so neither the distillation term nor, in 2col, the task logits
    /// alpha h + beta f_i move it; it stays out of the gradient clipping. This is how a prior carried over from a
    /// finished run (<see cref="ActorCriticDistral.UsePrior"/>) is kept unchanged. No effect without an h column.
    /// </summary>
    public bool PriorTrainable { get; init; } = true;

    /// <summary>True when the objective has a KL term (alpha &gt; 0), i.e. a distilled policy pi_0 = softmax(h) is learnt.</summary>
    public bool HasKl => Alpha > 0;

    /// <summary>True when a column h exists (a KL term, or the 2col architecture).</summary>
    public bool HasHColumn => HasKl || Architecture == ActorCriticArchitecture.TwoColumn;

    /// <summary>The weight of h in the 2col logits.</summary>
    public float PriorLogitWeight => TwoColumnPriorWeight ?? Alpha;

    /// <summary>The KL + entropy alpha of the paper.</summary>
    public const float KlEntAlpha = 0.5f;

    /// <summary>A3C, one network per task, entropy regularisation only.</summary>
    public static ActorCriticOptions A3c => new() { Name = "a3c", Architecture = ActorCriticArchitecture.Separate, Alpha = 0f };

    /// <summary>A3C multitask: one network for all tasks, entropy only.</summary>
    public static ActorCriticOptions A3cMultitask => new() { Name = "a3c-multitask", Architecture = ActorCriticArchitecture.Shared, Alpha = 0f };

    /// <summary>A3C 2col: logits h + beta f_i, entropy only (h learns through the policy gradient alone).</summary>
    public static ActorCriticOptions A3c2Col => new() { Name = "a3c-2col", Architecture = ActorCriticArchitecture.TwoColumn, Alpha = 0f, TwoColumnPriorWeight = 1f };

    /// <summary>Distral KL 1col (alpha = 1).</summary>
    public static ActorCriticOptions Kl1Col => new() { Name = "kl-1col", Architecture = ActorCriticArchitecture.Separate, Alpha = 1f };

    /// <summary>Distral KL+ent 1col (alpha = 0.5).</summary>
    public static ActorCriticOptions KlEnt1Col => new() { Name = "kl-ent-1col", Architecture = ActorCriticArchitecture.Separate, Alpha = KlEntAlpha };

    /// <summary>Distral KL 2col (alpha = 1).</summary>
    public static ActorCriticOptions Kl2Col => new() { Name = "kl-2col", Architecture = ActorCriticArchitecture.TwoColumn, Alpha = 1f };

    /// <summary>Distral KL+ent 2col (alpha = 0.5).</summary>
    public static ActorCriticOptions KlEnt2Col => new() { Name = "kl-ent-2col", Architecture = ActorCriticArchitecture.TwoColumn, Alpha = KlEntAlpha };

    /// <summary>The seven presets in the paper's order.</summary>
    public static IReadOnlyList<ActorCriticOptions> Presets => [A3c, A3cMultitask, A3c2Col, Kl1Col, KlEnt1Col, Kl2Col, KlEnt2Col];

    /// <summary>The preset with this name (a3c, a3c-multitask, a3c-2col, kl-1col, kl-ent-1col, kl-2col, kl-ent-2col), or null.</summary>
    public static ActorCriticOptions? Preset(string name) => Presets.FirstOrDefault(p => p.Name == name.ToLowerInvariant());

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Check(!string.IsNullOrWhiteSpace(Name), nameof(Name), "must not be empty");
        Check(Enum.IsDefined(Architecture), nameof(Architecture), $"unknown value {Architecture}");
        Check(Alpha >= 0 && Alpha <= 1, nameof(Alpha), $"must be in [0, 1], got {Alpha}");
        Check(Beta > 0 && float.IsFinite(Beta), nameof(Beta), $"must be > 0 and finite, got {Beta}");
        Check(TwoColumnPriorWeight is null || float.IsFinite(TwoColumnPriorWeight.Value), nameof(TwoColumnPriorWeight), "must be finite");
        Check(Gamma > 0 && Gamma <= 1, nameof(Gamma), $"must be in (0, 1], got {Gamma}");
        Check(UnrollLength >= 1, nameof(UnrollLength), $"must be >= 1, got {UnrollLength}");
        Check(WorkersPerTask >= 1, nameof(WorkersPerTask), $"must be >= 1, got {WorkersPerTask}");
        Check(ValueLossCoefficient >= 0 && float.IsFinite(ValueLossCoefficient), nameof(ValueLossCoefficient), $"must be >= 0, got {ValueLossCoefficient}");
        Check(TaskLearningRate > 0 && float.IsFinite(TaskLearningRate), nameof(TaskLearningRate), $"must be > 0, got {TaskLearningRate}");
        Check(DistilledLearningRate > 0 && float.IsFinite(DistilledLearningRate), nameof(DistilledLearningRate), $"must be > 0, got {DistilledLearningRate}");
        Check(RmsPropDecay >= 0 && RmsPropDecay < 1, nameof(RmsPropDecay), $"must be in [0, 1), got {RmsPropDecay}");
        Check(RmsPropEpsilon > 0 && float.IsFinite(RmsPropEpsilon), nameof(RmsPropEpsilon), $"must be > 0, got {RmsPropEpsilon}");
        Check(GradientClipNorm >= 0 && float.IsFinite(GradientClipNorm), nameof(GradientClipNorm), $"must be >= 0 (0 disables), got {GradientClipNorm}");
        Check(Enum.IsDefined(Regulariser), nameof(Regulariser), $"unknown value {Regulariser}");
        Check(Enum.IsDefined(WorkersMode), nameof(WorkersMode), $"unknown value {WorkersMode}");
        Check(Threads >= 1, nameof(Threads), $"must be >= 1, got {Threads}");
        Check(HiddenSizes is not null && HiddenSizes.Count > 0 && HiddenSizes.All(h => h >= 1), nameof(HiddenSizes), "must be a non-empty list of positive widths");
        Check(!(Architecture == ActorCriticArchitecture.Shared && HasKl), nameof(Alpha),
            "must be 0 with the Shared architecture (one network for all tasks has no separate pi_0 to distil into)");
    }

    private static void Check(bool ok, string option, string message)
    {
        if (!ok) throw new ArgumentException($"ActorCriticOptions.{option} {message}.", option);
    }
}
