namespace Distral.Experiments;

/// <summary>A named algorithm of a family: the family's options with the algorithm's values, and one line for docs and help.</summary>
/// <typeparam name="TOptions">The family's options record; the algorithm's name is part of it (<see cref="AlgorithmFamily{TOptions}.NameOf"/>).</typeparam>
/// <param name="Options">The preset: the options before the config's keys are applied.</param>
/// <param name="Description">What the algorithm is, in one line (markdown allowed).</param>
public sealed record AlgorithmPreset<TOptions>(TOptions Options, string Description);
