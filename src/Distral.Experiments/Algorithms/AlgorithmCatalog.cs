namespace Distral.Experiments;

/// <summary>
/// The algorithms a config's <c>algorithm</c> key can name: the union of the algorithm families (soft Q-learning,
/// actor-critic and distillation), each declaring its presets and keys in one place. An unknown name is refused by the config loader
/// with the list of valid names.
/// </summary>
public static class AlgorithmCatalog
{
    /// <summary>Every family, in documentation order (a key several families read is documented with the first).</summary>
    public static IReadOnlyList<IAlgorithmFamily> Families { get; } = [SoftQFamily.Family, ActorCriticFamily.Family, DistillationFamily.PolicyDistillation, DistillationFamily.ActorMimic];

    /// <summary>Every algorithm, in documentation order.</summary>
    public static IReadOnlyList<AlgorithmSpec> All { get; } = [.. Families.SelectMany(f => f.Algorithms)];

    /// <summary>The valid algorithm names.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    /// <summary>The algorithm with this name; otherwise a <see cref="ConfigException"/> listing the valid names.</summary>
    public static AlgorithmSpec Get(string name) =>
        All.FirstOrDefault(a => a.Name == name)
        ?? throw new ConfigException($"key 'algorithm': unknown algorithm '{name}'; valid: {string.Join(", ", Names)}");
}
