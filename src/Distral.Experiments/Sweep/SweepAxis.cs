namespace Distral.Experiments;

/// <summary>One hyperparameter of a sweep and the values it takes (typed as the config key stores them, and as written).</summary>
/// <param name="Key">The config key.</param>
/// <param name="Values">The typed, validated values.</param>
/// <param name="Texts">The values as written (for names and tables).</param>
public sealed record SweepAxis(string Key, IReadOnlyList<object> Values, IReadOnlyList<string> Texts);
