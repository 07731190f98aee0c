using System.Text;

namespace Distral.Experiments;

/// <summary>
/// A resolved run configuration: a typed value for every key of <see cref="ConfigKeys.All"/>. A key not set takes
/// its default; a key several algorithm families read takes the default of the family of <see cref="Algorithm"/>
/// (so an actor-critic config without `gamma` gets actor-critic's, not soft Q's). Immutable; <see cref="With"/>
/// returns a changed copy. Load from YAML with <see cref="ConfigLoader"/>.
/// </summary>
public sealed class RunConfig
{
    // Only the keys that were set; the others are resolved from their defaults on each read.
    private readonly Dictionary<string, object> _values;

    private RunConfig(Dictionary<string, object> values) => _values = values;

    /// <summary>Every key at its default.</summary>
    public static RunConfig Default { get; } = new(new Dictionary<string, object>(StringComparer.Ordinal));

    /// <summary>The algorithm name (one of <see cref="AlgorithmCatalog.Names"/>).</summary>
    public string Algorithm => GetString("algorithm");

    /// <summary>The task list as written (names, family ranges or map paths).</summary>
    public IReadOnlyList<string> Tasks => (string[])this["tasks"];

    /// <summary>Episodes per task.</summary>
    public int Episodes => GetInt("episodes");

    /// <summary>The time limit of every episode.</summary>
    public int MaxEpisodeSteps => GetInt("max_episode_steps");

    /// <summary>Key `observation`: the gridworld observation encoding (<see cref="GridObservation"/>).</summary>
    public string Observation => GetString("observation");

    /// <summary>The seed of the run.</summary>
    public ulong Seed => (ulong)(long)this["seed"];

    /// <summary>The typed value of a key (long, double, bool, string, string[] or long[]).</summary>
    public object this[string key] =>
        _values.TryGetValue(key, out var v) ? v
        : ConfigKeys.Find(key) is ConfigKey k ? DefaultOf(k)
        : throw new KeyNotFoundException($"no config key '{key}'");

    /// <summary>A whole-number key as int (the ranges keep them small).</summary>
    public int GetInt(string key) => checked((int)(long)this[key]);

    /// <summary>A number key.</summary>
    public double GetDouble(string key) => (double)this[key];

    /// <summary>A number key as float.</summary>
    public float GetFloat(string key) => (float)(double)this[key];

    /// <summary>A boolean key.</summary>
    public bool GetBool(string key) => (bool)this[key];

    /// <summary>A choice key.</summary>
    public string GetString(string key) => (string)this[key];

    /// <summary>An integer-list key as ints.</summary>
    public int[] GetInts(string key) => [.. ((long[])this[key]).Select(v => checked((int)v))];

    /// <summary>A copy with one key set to an already typed and validated value.</summary>
    public RunConfig With(string key, object value)
    {
        if (ConfigKeys.Find(key) is null) throw new ArgumentException($"no config key '{key}'", nameof(key));
        var copy = new Dictionary<string, object>(_values, StringComparer.Ordinal) { [key] = value };
        return new RunConfig(copy);
    }

    /// <summary>The resolved configuration as YAML (every key, table order), readable by <see cref="ConfigLoader"/>.</summary>
    public string ToYaml()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Resolved Distral run configuration (every key; see docs/configuration.md).");
        foreach (var key in ConfigKeys.All) sb.Append(key.Name).Append(": ").AppendLine(key.FormatScalar(this[key.Name]));
        return sb.ToString();
    }

    /// <summary>True when every key has an equal value (lists compared element-wise).</summary>
    public bool ValueEquals(RunConfig other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ConfigKeys.All.All(k => k.FormatScalar(this[k.Name]) == k.FormatScalar(other[k.Name]));
    }

    // The algorithm key itself is a run key, so this never recurses.
    private object DefaultOf(ConfigKey key) =>
        key.DefaultDependsOnFamily ? key.DefaultFor(AlgorithmCatalog.Get(Algorithm).Family) : key.Default;
}
