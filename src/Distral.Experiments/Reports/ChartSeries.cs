namespace Distral.Experiments;

/// <summary>
/// One series of a <see cref="SvgLineChart"/>: points (x, y) joined by a line (NaN y values break it), an
/// optional shaded band [<see cref="Low"/>, <see cref="High"/>] (e.g. mean ± spread over seeds) and optional
/// markers with hover titles.
/// </summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">X values (ascending).</param>
/// <param name="Y">Y values, same length as X.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Lower edge of the band (same length as X), or null for no band.</summary>
    public IReadOnlyList<double>? Low { get; init; }

    /// <summary>Upper edge of the band (same length as X), or null for no band.</summary>
    public IReadOnlyList<double>? High { get; init; }

    /// <summary>Draw a dot at every point.</summary>
    public bool Markers { get; init; }

    /// <summary>Hover text per point (with <see cref="Markers"/>), or null.</summary>
    public IReadOnlyList<string>? PointTitles { get; init; }

    /// <summary>A colour (CSS); null picks the next palette colour.</summary>
    public string? Color { get; init; }

    /// <summary>Dashed line (e.g. a baseline).</summary>
    public bool Dashed { get; init; }
}
