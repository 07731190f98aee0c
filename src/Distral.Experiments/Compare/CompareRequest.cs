namespace Distral.Experiments;

/// <summary>What <see cref="CompareRunner.Run"/> needs: configurations, seeds, where to write and how to report progress.</summary>
public sealed record CompareRequest : BatchRunRequest
{
    /// <summary>The configurations (names must be unique).</summary>
    public required IReadOnlyList<CompareEntry> Entries { get; init; }

    /// <summary>The report's title.</summary>
    public string ReportTitle { get; init; } = "Distral.NET comparison";

    /// <summary>Stops the runs early when cancelled.</summary>
    public CancellationToken Cancel { get; init; }
}
