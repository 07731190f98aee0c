namespace Distral.Experiments;

/// <summary>A finished sweep: every grid point with its figures, the best one, and the files written.</summary>
/// <param name="Points">Every point in grid order.</param>
/// <param name="Best">The point with the largest mean AUC (the first in grid order on ties).</param>
/// <param name="JsonPath">sweep.json.</param>
/// <param name="CsvPath">sweep.csv.</param>
/// <param name="ReportPath">report.html, or null when not written.</param>
/// <param name="RankChartPath">sweep-final-returns.svg: every run's final return sorted within its algorithm (paper Fig. 4 A2).</param>
public sealed record SweepResult(IReadOnlyList<SweepPointResult> Points, SweepPointResult Best, string JsonPath, string CsvPath, string? ReportPath, string RankChartPath);
