using Distral.Envs;

namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// The greedy episodes of a student's periodic comparison with its teachers (see
/// <see cref="PolicyDistillationOptions.TeacherCheckEvery"/>): one env per task, separate from the training envs and
/// carrying a time limit, and the seed each is reset with. A run passes the envs and seeds of its post-training greedy
/// evaluation, so the check at the last update plays the episodes summary.json reports.
/// </summary>
public sealed class TeacherMatchCheck
{
    /// <summary>A check on <paramref name="envs"/>, task i reset with <paramref name="resetSeeds"/>[i].</summary>
    public TeacherMatchCheck(IReadOnlyList<IEnv> envs, IReadOnlyList<int> resetSeeds)
    {
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(resetSeeds);
        if (envs.Count != resetSeeds.Count) throw new ArgumentException($"{envs.Count} envs but {resetSeeds.Count} reset seeds.", nameof(resetSeeds));
        Envs = envs;
        ResetSeeds = resetSeeds;
    }

    /// <summary>One env per task (never used for training).</summary>
    public IReadOnlyList<IEnv> Envs { get; }

    /// <summary>The seed of every Reset of task i's env.</summary>
    public IReadOnlyList<int> ResetSeeds { get; }
}
