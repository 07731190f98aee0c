namespace Distral.Nn;

/// <summary>
/// A snapshot of an optimizer for checkpoints: its step counter and its per-parameter buffers, named
/// "{parameter index}.{buffer}" (e.g. "0.exp_avg", "3.square_avg").
/// </summary>
public sealed record OptimizerState(long Step, IReadOnlyDictionary<string, float[]> Buffers);
