using Distral.Envs;

namespace Distral.Experiments;

/// <summary>
/// The `observation` config key: which <see cref="GridEncoder"/> gridworld tasks use. Applied where tasks are
/// resolved (<see cref="TaskResolver.Resolve(RunConfig, TaskRegistry?)"/>), so training, evaluation, reports and
/// the corridor probe all see the same observations. Non-grid tasks are left alone.
/// </summary>
public static class GridObservation
{
    /// <summary>The thesis encoding (3 floats; the default).</summary>
    public const string Thesis = "thesis";

    /// <summary>One-hot cell, one-hot previous action, previous reward.</summary>
    public const string OneHot = "one-hot";

    /// <summary>Row and column in [0, 1], one-hot previous action, previous reward.</summary>
    public const string Coordinates = "coordinates";

    /// <summary>The valid values of the key.</summary>
    public static IReadOnlyList<string> Names { get; } = [Thesis, OneHot, Coordinates];

    /// <summary>The encoder named by the key.</summary>
    public static GridEncoder Encoder(string name) => name switch
    {
        Thesis => GridEncoder.Thesis,
        OneHot => GridEncoder.OneHotWithPrevious,
        Coordinates => GridEncoder.CoordinatesWithPrevious,
        _ => throw new ConfigException($"key 'observation': unknown value '{name}'; valid: {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// <paramref name="spec"/> with a factory whose gridworlds use <paramref name="encoder"/> (same map, rewards and
    /// seed); the spec itself when the encoder is the thesis default.
    /// </summary>
    public static TaskSpec Apply(TaskSpec spec, GridEncoder encoder)
    {
        if (ReferenceEquals(encoder, GridEncoder.Thesis)) return spec;
        var inner = spec.Factory;
        return spec with
        {
            Factory = seed =>
            {
                var env = inner(seed);
                return env is GridWorld world ? new GridWorld(world.Map, world.Options with { Encoder = encoder }, seed ?? 0) : env;
            },
            Member = spec.Member is { } member ? k => Apply(member(k), encoder) : null,
        };
    }
}
