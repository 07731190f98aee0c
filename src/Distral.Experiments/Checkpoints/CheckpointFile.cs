namespace Distral.Experiments;

/// <summary>One file of a checkpoint as listed in its manifest: name inside the folder, size and SHA-256 (lower-case hex).</summary>
public sealed record CheckpointFile(string Name, long Bytes, string Sha256);
