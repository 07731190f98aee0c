namespace Distral.Experiments;

/// <summary>A finished comparison: every run, one row per configuration, and the files written.</summary>
/// <param name="Runs">Runs in configuration order, then seed order.</param>
/// <param name="Rows">One row per configuration, in the order given.</param>
/// <param name="ReportPath">report.html, or null when not written.</param>
/// <param name="JsonPath">compare.json (the rows and runs).</param>
public sealed record CompareResult(IReadOnlyList<CompareRun> Runs, IReadOnlyList<CompareRow> Rows, string? ReportPath, string JsonPath);
