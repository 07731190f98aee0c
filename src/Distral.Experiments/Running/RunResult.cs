namespace Distral.Experiments;

/// <summary>A finished run: its directory, the summary.json path, the summary itself and its last resumable checkpoint (or null).</summary>
public sealed record RunResult(string Directory, string SummaryPath, RunSummary Summary, string? Checkpoint = null);
