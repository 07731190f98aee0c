namespace Distral.Experiments;

/// <summary>What <see cref="SweepRunner.Run"/> needs: the base configuration, the grid, seeds and where to write.</summary>
public sealed record SweepRequest : BatchRunRequest
{
    /// <summary>The configuration every grid point starts from.</summary>
    public required RunConfig BaseConfig { get; init; }

    /// <summary>Where the base configuration came from (messages).</summary>
    public string Source { get; init; } = "config";

    /// <summary>The hyperparameters and their values.</summary>
    public required IReadOnlyList<SweepAxis> Axes { get; init; }
}
