namespace Distral.Experiments;

/// <summary>
/// A family of algorithms (soft Q-learning, actor-critic, ...): the algorithms a config's <c>algorithm</c> key can
/// name and the config keys the family reads, with the family's defaults. <see cref="AlgorithmCatalog"/> is the union
/// of the families; <see cref="ConfigKeys"/> lists their keys after the run keys.
/// </summary>
public interface IAlgorithmFamily
{
    /// <summary>Short name used where defaults are told apart ("soft-Q", "actor-critic").</summary>
    string Name { get; }

    /// <summary>The section of docs/configuration.md that lists the keys this family introduces.</summary>
    string Section { get; }

    /// <summary>The family's algorithms, in documentation order.</summary>
    IReadOnlyList<AlgorithmSpec> Algorithms { get; }

    /// <summary>The keys the family reads, each with this family's default, in documentation order.</summary>
    IReadOnlyList<ConfigKey> Keys { get; }
}
