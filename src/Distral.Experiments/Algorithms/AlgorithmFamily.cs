using System.Text.RegularExpressions;
using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>
/// A family of algorithms over one options record: its presets and its key bindings, the one place that maps config
/// keys to the options. <see cref="Options"/> applies every bound key to a preset and validates the result, reporting
/// a failed option as the config key that set it.
/// </summary>
/// <typeparam name="TOptions">The family's options record (e.g. SoftQOptions).</typeparam>
public sealed class AlgorithmFamily<TOptions> : IAlgorithmFamily where TOptions : class
{
    // Built on first use (a benign race: every thread builds the same lists).
    private IReadOnlyList<AlgorithmSpec>? _algorithms;
    private IReadOnlyList<ConfigKey>? _keys;

    /// <inheritdoc/>
    public required string Name { get; init; }

    /// <inheritdoc/>
    public required string Section { get; init; }

    /// <summary>The algorithms of the family, in documentation order.</summary>
    public required IReadOnlyList<AlgorithmPreset<TOptions>> Presets { get; init; }

    /// <summary>The algorithm name a preset carries (the value of the config's <c>algorithm</c>).</summary>
    public required Func<TOptions, string> NameOf { get; init; }

    /// <summary>Every key the family reads, in documentation order.</summary>
    public required IReadOnlyList<KeyBinding<TOptions>> Bindings { get; init; }

    /// <summary>The options' own validation (throws <see cref="ArgumentException"/> whose ParamName is the property).</summary>
    public required Action<TOptions> Validate { get; init; }

    /// <summary>Builds the agent of a preset for the tasks' environments, the resolved config and the seed.</summary>
    public required Func<TOptions, IReadOnlyList<IEnv>, RunConfig, ulong, IMultitaskAgent> Create { get; init; }

    /// <inheritdoc/>
    public IReadOnlyList<AlgorithmSpec> Algorithms => _algorithms ??= [.. Presets.Select(p => new AlgorithmSpec(NameOf(p.Options), p.Description, Name,
        (envs, config, seed) => Create(p.Options, envs, config, seed)))];

    /// <inheritdoc/>
    public IReadOnlyList<ConfigKey> Keys => _keys ??= [.. Bindings.Select(b => b.Key)];

    /// <summary>
    /// <paramref name="preset"/> with every key of the family applied from <paramref name="config"/>, validated; an
    /// invalid option is a <see cref="ConfigException"/> naming the key ("key 'lr_task': must be &gt; 0, got 0").
    /// </summary>
    public TOptions Options(TOptions preset, RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(config);
        var options = preset;
        foreach (var binding in Bindings) options = binding.Apply(options, config);
        try
        {
            Validate(options);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(KeyMessage(e), e);
        }
        return options;
    }

    // "SoftQOptions.BatchSize must be >= 1, got 0. (Parameter 'BatchSize')" -> "key 'batch_size': must be >= 1, got 0";
    // other properties the message names become their keys too. An option no key sets is the algorithm's.
    private string KeyMessage(ArgumentException e)
    {
        string? option = e.ParamName;
        string message = option is null ? e.Message : e.Message.Replace($" (Parameter '{option}')", "", StringComparison.Ordinal);
        var binding = Bindings.FirstOrDefault(b => b.Option == option);
        if (binding is null) return $"key 'algorithm': invalid {Name} setting: {message}";
        string prefix = $"{typeof(TOptions).Name}.{option} ";
        if (message.StartsWith(prefix, StringComparison.Ordinal)) message = message[prefix.Length..];
        foreach (var other in Bindings.Where(b => b.Option.Length > 0))
            message = Regex.Replace(message, $@"\b{Regex.Escape(other.Option)}\b", $"'{other.Key.Name}'");
        return $"key '{binding.Key.Name}': {message.TrimEnd('.')}";
    }
}
