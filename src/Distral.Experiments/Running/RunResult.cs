namespace Distral.Experiments;

/// <summary>A finished run: its directory, the summary.json path and the summary itself.</summary>
public sealed record RunResult(string Directory, string SummaryPath, RunSummary Summary);
