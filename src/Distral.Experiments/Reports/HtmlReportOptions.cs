namespace Distral.Experiments;

/// <summary>Options of <see cref="HtmlReport.Write"/>.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>The page title.</summary>
    public string Title { get; init; } = "Distral.NET training report";

    /// <summary>
    /// Policy pictures of a run directory; null rebuilds the agent from the run's checkpoints
    /// (<see cref="SvgPolicyMaps.FromCheckpoint"/>). The runner passes its live agent here.
    /// </summary>
    public Func<string, (IReadOnlyList<SvgPolicyPicture> Pictures, string? Note)>? PolicyPictures { get; init; }
}
