namespace Distral.Tensors;

/// <summary>A serialisable snapshot of an <see cref="Rng"/>.</summary>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, bool HasSpareGaussian, float SpareGaussian);
