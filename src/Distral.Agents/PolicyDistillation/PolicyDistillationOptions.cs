namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// Settings of the distillation family (<see cref="PolicyDistillationStudent"/>): Policy Distillation (Rusu et al.
/// 2016) with its three losses, and Actor-Mimic (Parisotto et al. 2016), which is the KL/cross-entropy fit with a
/// feature regression term. The presets give the two named algorithms.
/// </summary>
public sealed record PolicyDistillationOptions
{
    /// <summary>Policy distillation with the KL loss at tau 0.01.</summary>
    public static PolicyDistillationOptions PolicyDistillation { get; } = new();

    /// <summary>Actor-Mimic: cross-entropy to softmax(q / tau) plus feature regression (weight 0.01), tau 1.</summary>
    public static PolicyDistillationOptions ActorMimic { get; } = new()
    {
        Name = "actor-mimic", Loss = StudentLoss.Kl, Tau = 1f, FeatureRegression = true,
    };

    /// <summary>Algorithm name for reports.</summary>
    public string Name { get; init; } = "policy-distillation";

    /// <summary>The fit to the teacher's outputs.</summary>
    public StudentLoss Loss { get; init; } = StudentLoss.Kl;

    /// <summary>Temperature of the teacher's softmax(q / tau) (KL loss and Actor-Mimic), &gt; 0.</summary>
    public float Tau { get; init; } = 0.01f;

    /// <summary>Actor-Mimic's feature regression: a per-task linear map from the student's last hidden layer to the teacher's.</summary>
    public bool FeatureRegression { get; init; }

    /// <summary>Weight beta of the feature regression loss.</summary>
    public float FeatureBeta { get; init; } = 0.01f;

    /// <summary>Hidden layer widths of the student (leaky ReLU after each): fewer than the teachers' measures compression.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64, 128, 64];

    /// <summary>How the student is told the task.</summary>
    public StudentInput Input { get; init; } = StudentInput.TaskHeads;

    /// <summary>Whose actions collect the training states.</summary>
    public StudentCollector Collector { get; init; } = StudentCollector.Student;

    /// <summary>Adam learning rate of the student (and of the feature regression maps).</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>States per task in each update (every update fits all tasks at once).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>States kept per task.</summary>
    public int ReplayCapacity { get; init; } = 10_000;

    /// <summary>Updates start once every task's replay holds this many states.</summary>
    public int MinReplayToLearn { get; init; } = 64;

    /// <summary>Updates after each round of one env step per task.</summary>
    public int UpdatesPerStep { get; init; } = 1;

    /// <summary>Exploration probability of the collecting policy at episode 0.</summary>
    public float EpsilonStart { get; init; } = 0.5f;

    /// <summary>Exploration probability reached asymptotically.</summary>
    public float EpsilonEnd { get; init; } = 0.05f;

    /// <summary>epsilon = end + (start - end) exp(-episode / this), episodes counted per task.</summary>
    public float EpsilonDecayEpisodes { get; init; } = 5f;

    /// <summary>
    /// Updates between two comparisons of the greedy student with its teachers (0: never), when the student has a
    /// <see cref="TeacherMatchCheck"/>; the first one it passes on every task is <see cref="PolicyDistillationStudent.ReachedTeachers"/>.
    /// </summary>
    public int TeacherCheckEvery { get; init; } = 50;

    /// <summary>Throws <see cref="ArgumentException"/> (ParamName = the property) for invalid settings.</summary>
    public void Validate()
    {
        Check(float.IsFinite(Tau) && Tau > 0, nameof(Tau), $"must be > 0, got {Tau}");
        Check(float.IsFinite(FeatureBeta) && FeatureBeta >= 0, nameof(FeatureBeta), $"must be >= 0, got {FeatureBeta}");
        Check(HiddenSizes.Count > 0 && HiddenSizes.All(h => h > 0), nameof(HiddenSizes), "must be one or more positive widths");
        Check(float.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), $"must be > 0, got {LearningRate}");
        Check(BatchSize >= 1, nameof(BatchSize), $"must be >= 1, got {BatchSize}");
        Check(ReplayCapacity >= 1, nameof(ReplayCapacity), $"must be >= 1, got {ReplayCapacity}");
        Check(MinReplayToLearn >= 1 && MinReplayToLearn <= ReplayCapacity, nameof(MinReplayToLearn),
            $"({MinReplayToLearn}) must be in [1, ReplayCapacity ({ReplayCapacity})]");
        Check(UpdatesPerStep >= 0, nameof(UpdatesPerStep), $"must be >= 0, got {UpdatesPerStep}");
        Check(EpsilonStart is >= 0 and <= 1, nameof(EpsilonStart), $"must be in [0, 1], got {EpsilonStart}");
        Check(EpsilonEnd is >= 0 and <= 1, nameof(EpsilonEnd), $"must be in [0, 1], got {EpsilonEnd}");
        Check(TeacherCheckEvery >= 0, nameof(TeacherCheckEvery), $"must be >= 0, got {TeacherCheckEvery}");
        Check(EpsilonDecayEpisodes > 0, nameof(EpsilonDecayEpisodes), $"must be > 0, got {EpsilonDecayEpisodes}");
    }

    private static void Check(bool ok, string property, string message)
    {
        if (!ok) throw new ArgumentException($"{nameof(PolicyDistillationOptions)}.{property} {message}.", property);
    }
}
